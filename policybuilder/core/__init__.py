"""The pure-Python core of policybuilder.

Nothing in this package imports Django: the scenario catalogue, the typed
parameters, the policy document model, the JSON Schema grammar and the
validator are usable from the web layer, the management commands, the JSON
API and the tests alike.
"""
