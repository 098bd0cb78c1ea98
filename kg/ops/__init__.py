"""Ops: tools off the answer path — benchmarks, synthetic sources, the load test, the reasoner, the browser finder."""
