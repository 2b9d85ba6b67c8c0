"""A few generic views every app declares its pages with: a scoped, filtered, searchable, sortable,
paginated list (exportable); a detail page with related records and history; an edit form that
saves through the services. Missing and forbidden both answer 404."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from . import services
from .bilingual import localised_ordering, name_order
from .history import history_entries
from .search import search_order


@dataclass
class Column:
    label: str
    attr: str | Callable[[Any], Any]
    sort: str | None = None
    link: bool = False

    def value(self, obj):
        if callable(self.attr):
            return self.attr(obj)
        value = obj
        for part in self.attr.split("."):
            if value is None:
                return ""
            display = getattr(value, f"get_{part}_display", None)
            value = display() if display else getattr(value, part, "")
        return "" if value is None else value


@dataclass
class Related:
    """A section of a detail page: records related to this one, scoped to the user."""

    title: str
    queryset: Callable[[Any, Any], models.QuerySet]  # (obj, user) -> queryset
    columns: list[Column]
    limit: int = 50
    # The whole list behind the section, filtered to this record: "50 of 67" links to all 67.
    list_url: Callable[[Any], str] | None = None
    rows: list = field(default_factory=list)
    count: int = 0
    url: str = ""
    signed_out: bool = False  # the public may not read these: say so, not "0"


class ScopedMixin:
    model: type[models.Model]
    public: bool = False  # reference data anyone may read
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if not self.public and not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        return super().dispatch(request, *args, **kwargs)

    def scoped_queryset(self) -> models.QuerySet:
        qs = self.model.objects.visible_to(self.request.user)
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        if self.prefetch_related:
            qs = qs.prefetch_related(*self.prefetch_related)
        return qs


class RecordListView(ScopedMixin, View):
    filterset_class = None
    columns: list[Column] = []
    default_ordering: str = "pk"
    export_kind: str | None = None  # a resource name in the import/export framework
    create_url_name: str | None = None
    import_kind: str | None = None
    template_name = "core/record_list.html"
    title: str = ""

    def filtered_queryset(self):
        qs = self.scoped_queryset()
        q = self.request.GET.get("q", "").strip()
        if q:
            qs = qs.search(q)
        filterset = None
        if self.filterset_class is not None:
            filterset = self.filterset_class(
                self.request.GET or None, queryset=qs, request=self.request
            )
            qs = filterset.qs if filterset.is_bound else qs
        sort = self.request.GET.get("sort", "")
        column = next((c for c in self.columns if c.sort and c.sort == sort.lstrip("-")), None)
        if column is not None:
            # a column showing the name in the page's language sorts it so (by pinyin on a
            # Chinese page, see `name_order`); other keys sort by the field they name
            shown = column.attr.rsplit(".", 1)[-1] if isinstance(column.attr, str) else ""
            field = (column.sort or "").rsplit("__", 1)[-1]
            localised = shown not in (field, "other_name")
            qs = qs.order_by(*name_order(self.model, sort, localised=localised), "pk")
        else:
            sort = ""
            natural = localised_ordering(self.model, [self.default_ordering])
            # a search without a chosen sort shows the best matches first
            ranking = search_order(self.model, q) if q else []
            qs = qs.order_by(*ranking, *natural, "pk")
        return qs, filterset, q, sort

    def get(self, request, *args, **kwargs):
        qs, filterset, q, sort = self.filtered_queryset()
        fmt = request.GET.get("export")
        if fmt and self.export_kind:
            from hezuo.core.io.exports import export_response

            return export_response(self.export_kind, qs, fmt, user=request.user)
        paginator = Paginator(qs, settings.PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        rows = [(obj, [c.value(obj) for c in self.columns]) for obj in page.object_list]
        params = request.GET.copy()
        params.pop("page", None)
        params.pop("export", None)
        sort_params = params.copy()
        sort_params.pop("sort", None)
        context = {
            "title": self.title or self.model._meta.verbose_name_plural,
            "columns": self.columns,
            "rows": rows,
            "page": page,
            "paginator": paginator,
            "filterset": filterset,
            "q": q,
            "sort": sort,
            "querystring": params.urlencode(),
            "sort_querystring": sort_params.urlencode(),
            "export_kind": self.export_kind,
            "import_kind": self.import_kind
            if services.may_create(request.user, self.model)
            else None,
            "create_url_name": self.create_url_name
            if services.may_create(request.user, self.model)
            else None,
        }
        if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "record-table":
            # the export links sit outside the table: redraw them too, so they export this
            context["oob"] = True
            return render(request, "core/_record_table.html", context)
        return render(request, self.template_name, context)


class RecordDetailView(ScopedMixin, View):
    lookup_field = "pk"
    # How a URL's key becomes the lookup value (e.g. country codes in any case).
    key_transform: Callable[[Any], Any] = staticmethod(lambda key: key)
    template_name = "core/record_detail.html"
    fields: list[Column] = []
    edit_url_name: str | None = None
    delete_url_name: str | None = None
    list_url_name: str | None = None

    def related(self, obj) -> list[Related]:
        return []

    def get_object(self, **kwargs):
        key = self.key_transform(kwargs["key"])
        return get_object_or_404(self.scoped_queryset(), **{self.lookup_field: key})

    def extra_context(self, obj) -> dict:
        return {}

    def get(self, request, *args, **kwargs):
        obj = self.get_object(**kwargs)
        sections = []
        for section in self.related(obj):
            qs = section.queryset(obj, request.user)
            if not request.user.is_authenticated and qs.query.is_empty():
                section.signed_out = True
                sections.append(section)
                continue
            section.count = qs.count()
            section.url = section.list_url(obj) if section.list_url else ""
            section.rows = [
                (item, [c.value(item) for c in section.columns]) for item in qs[: section.limit]
            ]
            sections.append(section)
        context = {
            "object": obj,
            "title": str(obj),
            "kind": obj._meta.verbose_name,
            "fields": [(c.label, c.value(obj)) for c in self.fields],
            "sections": sections,
            # who changed a record is the staff's business: the public reads the record only
            "history": history_entries(obj)
            if hasattr(obj, "history") and request.user.is_authenticated
            else [],
            "can_change": services.can_change(request.user, obj),
            "edit_url_name": self.edit_url_name,
            "delete_url_name": self.delete_url_name,
            "list_url_name": self.list_url_name,
            "lookup": getattr(obj, self.lookup_field),
            **self.extra_context(obj),
        }
        return render(request, self.template_name, context)


class RecordEditView(LoginRequiredMixin, View):
    """Create (no key) or update (key) a record through the services."""

    model: type[models.Model]
    form_class = None
    template_name = "core/record_form.html"
    lookup_field = "pk"
    # How a URL's key becomes the lookup value (e.g. country codes in any case).
    key_transform: Callable[[Any], Any] = staticmethod(lambda key: key)

    def get_instance(self, key):
        if key is None:
            return None
        return get_object_or_404(
            self.model.objects.visible_to(self.request.user),
            **{self.lookup_field: self.key_transform(key)},
        )

    def initial_data(self) -> dict:
        return {}

    def render_form(self, form, instance):
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "object": instance,
                "title": str(instance)
                if instance
                else _("New %(kind)s") % {"kind": self.model._meta.verbose_name},
                "kind": self.model._meta.verbose_name,
            },
        )

    def _require_reach(self, request, instance) -> None:
        # The form is shown only to one who may save it: creating needs the create policy.
        if instance is None and not services.may_create(request.user, self.model):
            raise Http404
        if instance is not None and not services.can_change(request.user, instance):
            raise Http404

    def get(self, request, key=None):
        instance = self.get_instance(key)
        self._require_reach(request, instance)
        form = self.form_class(instance=instance, user=request.user, initial=self.initial_data())
        return self.render_form(form, instance)

    def post(self, request, key=None):
        instance = self.get_instance(key)
        self._require_reach(request, instance)
        form = self.form_class(request.POST, request.FILES, instance=instance, user=request.user)
        if form.is_valid():
            data, m2m = form.split_data()
            try:
                if instance is None:
                    saved = services.create_record(request.user, self.model, data, m2m)
                else:
                    saved = services.update_record(request.user, instance, data, m2m)
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect(saved.get_absolute_url())
        return self.render_form(form, instance)


class RecordDeleteView(LoginRequiredMixin, View):
    model: type[models.Model]
    lookup_field = "pk"
    success_url_name: str = "home"

    def post(self, request, key):
        instance = get_object_or_404(
            self.model.objects.visible_to(request.user), **{self.lookup_field: key}
        )
        try:
            services.delete_record(request.user, instance)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(instance.get_absolute_url())
        messages.success(request, _("Deleted."))
        return redirect(self.success_url_name)


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def healthz(request):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
