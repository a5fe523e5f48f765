"""REST API of the project pipeline: proposals (list, read, create, edit), stage moves, notes and
key dates. Only a proposal's parties and staff see it (404 for anyone else)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.auth import authenticated_user
from accounts.enums import Category
from accounts.models import User
from accounts.selectors import member_organisations
from common.api import CheckEditAccessFirstMixin
from common.pagination import PageNumberPagination
from common.schema import error_responses
from projects import selectors, services
from projects.enums import ProposalKind, Stage
from projects.models import Proposal
from scheduling.models import Meeting


# Inline enums (allOf): as components they would collide with other apps' `kind` and `stage` enums.
@extend_schema_field({"allOf": [{"type": "string", "enum": list(Stage.values)}]})
class StageField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "Where the project stands.")
        super().__init__(choices=Stage.choices, **kwargs)


@extend_schema_field({"allOf": [{"type": "string", "enum": list(ProposalKind.values)}]})
class ProposalKindField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        # A description keeps the allOf wrapper: alone, drf-spectacular unwraps it into a component.
        kwargs.setdefault("help_text", "A direct proposal, or an application that staff review.")
        super().__init__(choices=ProposalKind.choices, **kwargs)


class ProjectPartySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ProjectPersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="__str__")


class ProjectProposalSerializer(serializers.ModelSerializer):
    city = serializers.PrimaryKeyRelatedField(
        queryset=member_organisations().filter(category=Category.LOCAL_GOVERNMENT),
        required=False,
        help_text=gettext_lazy("A local government; from a meeting, its city by default."),
    )
    providers = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=member_organisations().filter(category=Category.CORPORATION),
        required=False,
        help_text=gettext_lazy("Corporate members; from a meeting, its providers by default."),
    )
    meeting = serializers.PrimaryKeyRelatedField(
        queryset=Meeting.objects.all(),
        required=False,
        allow_null=True,
        help_text=gettext_lazy("A held meeting the project came out of."),
    )
    owner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, help_text=gettext_lazy("Default: you.")
    )
    kind = ProposalKindField(required=False)
    stage = StageField(read_only=True, help_text=gettext_lazy("Moved with POST …/stage/."))
    city_detail = ProjectPartySerializer(source="city", read_only=True)
    provider_details = ProjectPartySerializer(source="providers", many=True, read_only=True)
    owner_detail = ProjectPersonSerializer(source="owner", read_only=True)

    class Meta:
        model = Proposal
        fields = [
            "id", "title", "scope", "kind", "stage", "stage_changed_at",
            "city", "city_detail", "providers", "provider_details", "owner", "owner_detail", "meeting",
            "budget_amount", "budget_currency", "funding_sought", "start_date", "end_date",
            "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["id", "stage_changed_at", "created_at", "updated_at"]


class ProjectStageChangeSerializer(serializers.Serializer):
    from_stage = serializers.CharField(help_text=gettext_lazy("Empty for the creation."))
    to_stage = serializers.CharField()
    actor = ProjectPersonSerializer(allow_null=True)
    note = serializers.CharField()
    created_at = serializers.DateTimeField()


class ProjectNoteSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    text = serializers.CharField(max_length=5000)
    author = ProjectPersonSerializer(read_only=True, allow_null=True)
    created_at = serializers.DateTimeField(read_only=True)


class ProjectKeyDateSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    # Shadows Field.label only in the stubs: DRF's metaclass takes declared fields off the class.
    label = serializers.CharField(max_length=200)  # type: ignore[assignment]
    date = serializers.DateField()
    created_at = serializers.DateTimeField(read_only=True)


class ProjectProposalDetailSerializer(ProjectProposalSerializer):
    history = ProjectStageChangeSerializer(source="stage_changes", many=True, read_only=True)
    notes = ProjectNoteSerializer(many=True, read_only=True)
    key_dates = ProjectKeyDateSerializer(many=True, read_only=True)
    next_stages = serializers.SerializerMethodField(
        help_text=gettext_lazy("The stages you may move it to now.")
    )

    class Meta(ProjectProposalSerializer.Meta):
        fields = [*ProjectProposalSerializer.Meta.fields, "next_stages", "history", "notes", "key_dates"]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_next_stages(self, proposal: Proposal) -> list[str]:
        return [stage for stage, _ in selectors.next_stages_for(self.context["request"].user, proposal)]


class ProjectProposalFilterSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=200)
    stage = StageField(required=False)
    kind = ProposalKindField(required=False)
    city = serializers.IntegerField(required=False, min_value=1)


def _detail(request: Request, proposal: Proposal, code: int = status.HTTP_200_OK) -> Response:
    fresh = selectors.access_proposal(request.user, proposal.pk)
    return Response(ProjectProposalDetailSerializer(fresh, context={"request": request}).data, status=code)


@extend_schema(tags=["projects"])
class ProposalViewSet(
    CheckEditAccessFirstMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Project proposals you are party to (all of them for staff), by stage. Create one directly or
    from a held meeting (city and providers default to the meeting's); edit its content."""

    serializer_class = ProjectProposalSerializer
    permission_classes = [permissions.IsAuthenticated]
    pagination_class = PageNumberPagination
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        if self.action != "list":
            return selectors.proposals_visible_to(self.request.user)
        params = ProjectProposalFilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        return selectors.pipeline(
            user=self.request.user,
            stage=data.get("stage", ""),
            kind=data.get("kind", ""),
            city_id=data.get("city"),
            query=data.get("q", ""),
        )

    def access_for_edit(self, pk: int) -> Proposal:
        return selectors.access_proposal_for_edit(self.request.user, pk)

    @extend_schema(
        parameters=[ProjectProposalFilterSerializer], responses={200: ProjectProposalSerializer(many=True)}
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(responses={200: ProjectProposalDetailSerializer, **error_responses(401, 404)})
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return _detail(request, selectors.access_proposal(request.user, int(kwargs["pk"])))

    @extend_schema(responses={201: ProjectProposalDetailSerializer, **error_responses(400, 401, 403)})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        proposal = services.create_proposal(actor=authenticated_user(request), **serializer.validated_data)
        return _detail(request, proposal, status.HTTP_201_CREATED)

    @extend_schema(responses={200: ProjectProposalDetailSerializer, **error_responses(400, 401, 403, 404)})
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        partial = kwargs.pop("partial", False)
        proposal = self.get_object()
        serializer = self.get_serializer(proposal, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if "city" in data and data.pop("city") != proposal.city:
            raise ValidationError({"city": gettext("A project cannot move to another city.")})
        if "meeting" in data and data.pop("meeting") != proposal.meeting:
            raise ValidationError({"meeting": gettext("The meeting a project came from cannot change.")})
        proposal = services.update_proposal(proposal=proposal, actor=authenticated_user(request), **data)
        return _detail(request, proposal)

    @extend_schema(responses={200: ProjectProposalDetailSerializer, **error_responses(400, 401, 403, 404)})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().partial_update(request, *args, **kwargs)


ACTION_ERRORS = error_responses(400, 401, 403, 404)


class _ProposalActionApi(APIView):
    permission_classes = [permissions.IsAuthenticated]


@extend_schema(tags=["projects"])
class ProposalStageApi(_ProposalActionApi):
    """Move a proposal to another stage (the allowed moves are in `next_stages`); kept in its history.
    Staff alone accept applications into their programme's stage (403 for others)."""

    class StageInputSerializer(serializers.Serializer):
        stage = StageField()
        note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)

    @extend_schema(
        request=StageInputSerializer, responses={200: ProjectProposalDetailSerializer, **ACTION_ERRORS}
    )
    def post(self, request: Request, pk: int) -> Response:
        proposal = selectors.access_proposal_for_edit(request.user, pk)
        data = self.StageInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return _detail(
            request,
            services.change_stage(
                proposal=proposal, actor=authenticated_user(request), **data.validated_data
            ),
        )


@extend_schema(tags=["projects"])
class ProposalNoteApi(_ProposalActionApi):
    """Add a free note to a proposal."""

    @extend_schema(request=ProjectNoteSerializer, responses={201: ProjectNoteSerializer, **ACTION_ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        proposal = selectors.access_proposal_for_edit(request.user, pk)
        data = ProjectNoteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        note = services.add_note(
            proposal=proposal, actor=authenticated_user(request), text=data.validated_data["text"]
        )
        return Response(ProjectNoteSerializer(note).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["projects"])
class ProposalKeyDateApi(_ProposalActionApi):
    """Add a key date (a milestone) to a proposal."""

    @extend_schema(
        request=ProjectKeyDateSerializer, responses={201: ProjectKeyDateSerializer, **ACTION_ERRORS}
    )
    def post(self, request: Request, pk: int) -> Response:
        proposal = selectors.access_proposal_for_edit(request.user, pk)
        data = ProjectKeyDateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        key_date = services.add_key_date(
            proposal=proposal, actor=authenticated_user(request), **data.validated_data
        )
        return Response(ProjectKeyDateSerializer(key_date).data, status=status.HTTP_201_CREATED)
