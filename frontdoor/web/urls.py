from django.urls import path

from frontdoor.web import views

urlpatterns = [
    path("", views.home, name="home"),
]
