"""The text extracted from document versions, for search.

A small app of its own, so that its table and migrations evolve apart from
the documents model; the extraction itself is in samen.documents.extraction
and the task that runs it in samen.documents.tasks.
"""
