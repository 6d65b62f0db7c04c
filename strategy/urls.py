from django.urls import path

from strategy import views

app_name = "strategy"

urlpatterns = [
    path("", views.outcome_list, name="outcome-list"),
    path("outcomes/<int:pk>/", views.outcome_detail, name="outcome-detail"),
    path("outcomes/<int:pk>/edit/", views.outcome_edit, name="outcome-edit"),
    path("principles/", views.principle_list, name="principle-list"),
]
