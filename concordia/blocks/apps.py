from django.apps import AppConfig


class BlocksConfig(AppConfig):
    name = "concordia.blocks"
    label = "blocks"
    verbose_name = "Building blocks"

    def ready(self) -> None:
        # ready() is the one moment every app is loaded and before any request or command
        # runs: the journal kinds register by being imported, and the sheet section (whose
        # selectors import models) can be imported only now. Design's sheet must not import
        # blocks — blocks builds on design's profile and stage — so blocks registers with it.
        from concordia.design import sheet as design_sheet  # noqa: PLC0415 — registers at app loading

        from . import journal_kinds  # noqa: F401, PLC0415 — registers at app loading
        from .sheet import coverage_section  # noqa: PLC0415 — registers at app loading

        design_sheet.register_section(coverage_section)
