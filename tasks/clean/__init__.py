"""Cleaning: the report's own text, without the page chrome around it.

Pure functions, no I/O (word lists are package data). `locate` finds the article in a plain-text
page dump the way a reader does (`locate_article`: the longest stretch of running prose, from its
headline down); `text` is the chrome cleaner run on every body, from a file or from trafilatura
(`clean_text`, `paragraph_units`: appeals, newsletter boxes, bylines, timestamps, with an audit
trail of every dropped line).
"""
