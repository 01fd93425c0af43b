"""1 Content model: what a report is. Text in, frozen values out; no I/O beyond reading text."""
