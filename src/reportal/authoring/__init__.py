"""Authoring: ``reportal new`` (and ``--amend``) and ``reportal init`` write report and portal
files."""
