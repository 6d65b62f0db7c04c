from django.urls import path

from subgroups import views

app_name = "subgroups"

urlpatterns = [
    path("", views.group_list, name="group-list"),
    path("<slug:slug>/", views.group_detail, name="group-detail"),
    path("<slug:slug>/edit/", views.group_edit, name="group-edit"),
]
