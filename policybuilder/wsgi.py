import os

from django.core.wsgi import get_wsgi_application

from policybuilder.core.warmup import warm

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "policybuilder.settings")
application = get_wsgi_application()
# The validator's fixed data loaded, and everything alive after start-up frozen out of the
# garbage collector's full collections (see policybuilder.core.warmup).
warm()
