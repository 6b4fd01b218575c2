"""SEND pages: the Virtual School's children and their personal education plans."""

from django.urls import path

from frontdoor.send import views_virtual_school

urlpatterns = [
    path("virtual-school/", views_virtual_school.children_list, name="send_virtual_school"),
    path("virtual-school/<int:pupil_id>/pep/", views_virtual_school.pep, name="send_pep"),
]
