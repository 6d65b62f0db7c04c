from django.urls import path

from reports import pack_views, views

app_name = "reports"

urlpatterns = [
    path("", views.home, name="home"),
    path("reports/", views.report_list, name="report-list"),
    path("reports/new/", views.report_create, name="report-create"),
    path("reports/<int:pk>/", views.report_detail, name="report-detail"),
    path("reports/<int:pk>/status.json", views.report_status, name="report-status"),
    path("reports/<int:pk>/sections/<slug:key>/", views.section_edit, name="section-edit"),
    path("reports/<int:pk>/compile/", views.report_compile, name="report-compile"),
    path("reports/<int:pk>/publish/", views.report_publish, name="report-publish"),
    path("reports/<int:pk>/files/<int:version>.pdf", views.file_download, name="file-download"),
    path("meetings/<int:pk>/agenda-pack/", pack_views.agenda_pack, name="agenda-pack"),
    path(
        "meetings/<int:pk>/agenda-pack/send/",
        pack_views.agenda_pack_send,
        name="agenda-pack-send",
    ),
    path(
        "meetings/<int:pk>/agenda-pack/v<int:version>.pdf",
        pack_views.agenda_pack_download,
        name="agenda-pack-download",
    ),
    path(
        "meetings/<int:pk>/agenda-pack/v<int:version>-public.pdf",
        pack_views.agenda_pack_public,
        name="agenda-pack-public",
    ),
]
