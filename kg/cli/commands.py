"""Imports the modules that add sub-commands to ``kg`` (one line each)."""
from . import commands_views  # noqa: F401  kg show
from . import commands_query  # noqa: F401  kg query, kg cite, kg search, kg serve
from . import commands_entitlements  # noqa: F401  kg entitlements
from . import commands_bench  # noqa: F401  kg bench generate, kg bench run
from . import commands_load  # noqa: F401  kg load
from . import commands_gaps  # noqa: F401  kg validate, kg gaps
from . import commands_currency  # noqa: F401  kg currency
