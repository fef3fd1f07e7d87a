from django.urls import path, register_converter

from concordia.handbook.catalogue import Block

from . import views


class BlockConverter:
    """Matches a building block's key only, so "coverage" and "matrix" never read as a block
    and the order of the routes does not matter."""

    regex = "|".join(sorted((b.value for b in Block), key=len, reverse=True))

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return str(value)


register_converter(BlockConverter, "block")

urlpatterns = [
    path("<id:pk>/blocks/", views.block_list, name="block_list"),
    path("<id:pk>/blocks/coverage", views.coverage_page, name="block_coverage"),
    path("<id:pk>/blocks/matrix", views.matrix_page, name="block_matrix"),
    path("<id:pk>/blocks/<block:block>", views.block_edit, name="block_edit"),
]
