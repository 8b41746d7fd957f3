"""Privacy and data rights: what a person can ask of us (export, erasure), retention, consent."""
