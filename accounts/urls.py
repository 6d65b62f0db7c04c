from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("people/", views.people, name="people"),
    path("people/invite/", views.invite, name="invite"),
    path("people/seats-ended/", views.seats_ended, name="seats-ended"),
    path("people/<int:pk>/", views.person, name="person"),
    path("people/<int:pk>/active/", views.person_active, name="person-active"),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
]
