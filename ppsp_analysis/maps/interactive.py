def interactive_html(*a, **k): raise NotImplementedError
def write_interactive(*a, **k): raise NotImplementedError
