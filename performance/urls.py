from django.urls import path, re_path

from performance import views
from performance.benchmarks import views as benchmark_views
from performance.ssda903 import views as ssda903_views

app_name = "performance"

urlpatterns = [
    path("", views.scorecard, name="scorecard"),
    path("compare/", benchmark_views.how_we_compare, name="how-we-compare"),
    path("compare/load/", benchmark_views.load_dfe_file, name="load-dfe"),
    path("kpis/<str:code>/", views.kpi_detail, name="kpi-detail"),
    path("kpis/<str:code>/edit/", views.kpi_edit, name="kpi-edit"),
    path("kpis/<str:code>/target/", views.kpi_target, name="kpi-target"),
    path("kpis/<str:code>/comparator/", views.kpi_comparator, name="kpi-comparator"),
    path("entry/", views.entry_index, name="entry-index"),
    path("entry/open/", views.open_round, name="open-round"),
    path("entry/<slug:slug>/<quarter:quarter>/", views.entry, name="entry"),
    path("import/", views.import_figures, name="import-figures"),
    path("import/kpis/", views.import_kpis, name="import-kpis"),
    re_path(r"^library\.(?P<fmt>csv|xlsx)$", views.export_kpis, name="export-kpis"),
    path("review/", views.review, name="review"),
    path("review/<int:pk>/approve/", views.approve, name="approve"),
    path("review/<int:pk>/return/", views.return_figure, name="return"),
    path("review/<int:pk>/reopen/", views.reopen_figure, name="reopen"),
    path("ssda903/", ssda903_views.upload, name="ssda903"),
    path("ssda903/measures/", ssda903_views.measures, name="ssda903-measures"),
    path("ssda903/<int:pk>/", ssda903_views.upload_detail, name="ssda903-upload"),
    path("ssda903/<int:pk>/errors.csv", ssda903_views.error_list, name="ssda903-errors"),
]
