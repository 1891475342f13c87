"""What a policy allows: evaluation, the access summary and comparison, offline.

Scope: one identity-based policy, evaluated as AWS's policy evaluation logic
describes for that one policy (an explicit Deny wins, else an Allow, else the
implicit deny).  Service control policies, permission boundaries, session
policies and resource-based policies are out of scope.
"""
