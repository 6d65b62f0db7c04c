from django.urls import path

from strategy import views

app_name = "strategy"

urlpatterns = [
    path("", views.outcome_list, name="outcome-list"),
    path("outcomes/<int:pk>/", views.outcome_detail, name="outcome-detail"),
    path("outcomes/<int:pk>/edit/", views.outcome_edit, name="outcome-edit"),
    path("outcomes/<int:pk>/progress/", views.outcome_progress, name="outcome-progress"),
    path("principles/", views.principle_list, name="principle-list"),
    path("actions/", views.action_list, name="action-list"),
    path("actions/new/", views.action_create, name="action-create"),
    path("actions/<int:pk>/", views.action_detail, name="action-detail"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action-edit"),
    path("actions/<int:pk>/update/", views.action_update, name="action-update"),
    path("pledge/", views.pledge, name="pledge"),
    path("exceptions/", views.board_exceptions, name="exceptions"),
    path("risks/", views.risk_list, name="risk-list"),
    path("risks/matrix/", views.risk_matrix, name="risk-matrix"),
    path("risks/new/", views.risk_create, name="risk-create"),
    path("risks/import/", views.risk_import, name="risk-import"),
    path("risks/<int:pk>/", views.risk_detail, name="risk-detail"),
    path("risks/<int:pk>/review/", views.risk_review, name="risk-review"),
    path("risks/<int:pk>/edit/", views.risk_edit, name="risk-edit"),
]
