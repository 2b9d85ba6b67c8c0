"""The application workflow's steps over the API, one typed operation each, made from the
workflow's table (see `hezuo.core.api_workflow`)."""

from ninja import Router

from hezuo.core.api_workflow import add_workflow_operations

from .. import models as m
from .. import services
from ..workflow import APPLICATION
from .common import ACTION_ERRORS, ApplicationDetailOut, _detail, _run

router = Router(tags=["application workflow"])

add_workflow_operations(
    router,
    APPLICATION,
    path="/applications",
    find=lambda user, pk: m.Application.objects.visible_to(user).filter(pk=pk).first(),
    perform=lambda user, app, name, data: _run(services.perform, user, app, name, data),
    answer=lambda request, app, result: _detail(request, app),
    response={200: ApplicationDetailOut, **ACTION_ERRORS},
    operation_suffix="application",
)
