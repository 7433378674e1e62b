"""``python -m aibom`` runs the command line."""

from aibom.cli import main

raise SystemExit(main())
