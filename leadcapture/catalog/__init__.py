"""The procedure catalog as plain data: its seed (``defaults``) and the type the tools read
(``procedures``); the database side is ``models.catalog_store``."""
