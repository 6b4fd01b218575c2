from django.conf import settings


def service(request):
    from frontdoor.web.navigation import navigation_for, section_navigation_for

    return {
        "service_name": settings.FRONTDOOR_SERVICE_NAME,
        "council_name": settings.FRONTDOOR_COUNCIL_NAME,
        "navigation": navigation_for(request),
        "section_navigation": section_navigation_for(request),
    }
