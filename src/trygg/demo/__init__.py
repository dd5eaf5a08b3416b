"""The Jämtland demo: real boundaries, localities, named places and SOT-punkter,
with plausible plans so that readiness shows real gaps. See ``load_demo``."""
