"""Claims: quotes and attribution, events and figures, each with who claims it."""
