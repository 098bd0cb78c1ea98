"""Surface: ``kg serve``, the built graph as a read-only SPARQL 1.1 Protocol endpoint."""
