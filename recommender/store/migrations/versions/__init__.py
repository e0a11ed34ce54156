"""Alembic revisions, oldest first; a package so that a wheel carries them.

Alembic skips this file when it reads the revisions.
"""
