"""The file that marks a folder as written by seminar-site (and so safe to replace)."""

MARKER = ".seminar-site"
MARKER_TEXT = "This folder is written by seminar-site; it is replaced on every build.\n"
TEMP_PREFIX = ".seminar-site-tmp-"  # a tree being written (removed by the next build)
SPARE_PREFIX = ".seminar-site-spare-"  # the tree swapped out by the last build
