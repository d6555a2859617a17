"""Graph model and sinks (built from plan records only; see issue 4)."""
