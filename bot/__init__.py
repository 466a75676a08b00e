"""hubbot: keeps Meta-Wiki's Wikimedia Hubs pages in sync from {{Hub infobox}} templates."""

__version__ = "0.1.0"
