"""The modules that add sub-commands to ``kg``, listed explicitly (each declares a ``COMMANDS`` tuple)."""
from . import commands_bench, commands_currency, commands_entitlements, commands_gaps, commands_load, commands_query
from . import commands_views

#: kg show; kg query, cite, search, serve; kg entitlements; kg bench; kg load; kg validate, gaps; kg currency
MODULES = (commands_views, commands_query, commands_entitlements, commands_bench, commands_load, commands_gaps,
           commands_currency)
