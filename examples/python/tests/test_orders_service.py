"""Tests of cdk_secure_serverless through its Python API (the wheel), and of the example stack.

Run from examples/python with ``.venv/bin/python -m pytest -q tests``; ``npx projen test:python``
runs them after the example app.
"""

import sys
from pathlib import Path
from typing import Any

import pytest
from aws_cdk import App, Environment, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_lambda as lambda_
from aws_cdk.assertions import Match, Template
from cdk_secure_serverless import (
    ComplianceGate,
    CompliancePack,
    DecisionOrigin,
    EncryptedTable,
    EncryptedTableOptOuts,
    OptOut,
    SecureFunction,
)

# The example's stack lives beside this directory, not in an installed package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from orders_service import OrdersServiceStack  # noqa: E402

PITR_REASON = "Scratch table for the load test; rebuilt from fixtures"

READ_ACTIONS = [
    "dynamodb:BatchGetItem",
    "dynamodb:ConditionCheckItem",
    "dynamodb:GetItem",
    "dynamodb:Query",
    "dynamodb:Scan",
]


@pytest.fixture
def stack() -> Stack:
    return Stack(App(), "TestStack", env=Environment(account="123456789012", region="us-east-1"))


def new_function(scope: Stack, **props: Any) -> SecureFunction:
    code = lambda_.Code.from_inline("exports.handler = async () => ({ statusCode: 200 });")
    return SecureFunction(scope, "Handler", code=code, handler="index.handler", **props)


def new_table(scope: Stack, construct_id: str = "Orders", **props: Any) -> EncryptedTable:
    key = dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING)
    return EncryptedTable(scope, construct_id, partition_key=key, **props)


def get_att(logical_id_prefix: str, attribute: str) -> dict[str, Any]:
    return {"Fn::GetAtt": [Match.string_like_regexp(f"^{logical_id_prefix}"), attribute]}


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def statements_of(template: Template, resource_type: str) -> list[dict[str, Any]]:
    return [
        statement
        for resource in template.find_resources(resource_type).values()
        for statement in resource["Properties"]["PolicyDocument"]["Statement"]
    ]


def test_secure_function_has_the_secure_defaults(stack: Stack) -> None:
    new_function(stack, environment={"TABLE_NAME": "orders"})

    template = Template.from_stack(stack)
    template.has_resource_properties(
        "AWS::Lambda::Function",
        {
            "TracingConfig": {"Mode": "Active"},
            "ReservedConcurrentExecutions": 10,
            "MemorySize": 512,
            "Timeout": 30,
            "Architectures": ["arm64"],
            "DeadLetterConfig": {
                "TargetArn": {
                    "Ref": Match.string_like_regexp("^SecureServerlessDefaultsDeadLetterTopic")
                }
            },
            "VpcConfig": {
                "SubnetIds": Match.any_value(),
                "SecurityGroupIds": [get_att("HandlerSecurityGroup", "GroupId")],
            },
            "KmsKeyArn": get_att("SecureServerlessDefaultsEnvironmentKey", "Arn"),
            "Environment": {"Variables": {"TABLE_NAME": "orders"}},
        },
    )
    # The shared isolated network: one VPC, without an internet gateway or NAT.
    template.resource_count_is("AWS::EC2::VPC", 1)
    template.resource_count_is("AWS::EC2::InternetGateway", 0)
    template.resource_count_is("AWS::EC2::NatGateway", 0)
    # The function's own role carries no inline policy.
    template.resource_count_is("AWS::IAM::Policy", 0)


def test_grant_read_data_lands_in_a_customer_managed_policy(stack: Stack) -> None:
    table = new_table(stack)
    fn = new_function(stack)

    table.grant_read_data(fn)

    template = Template.from_stack(stack)
    role = fn.role
    assert role is not None
    role_id = stack.get_logical_id(role.node.default_child)  # type: ignore[arg-type]
    template.has_resource_properties(
        "AWS::IAM::ManagedPolicy",
        {
            "Roles": Match.array_with([{"Ref": role_id}]),
            "PolicyDocument": {
                "Statement": Match.array_with(
                    [
                        {
                            "Action": READ_ACTIONS,
                            "Effect": "Allow",
                            "Resource": get_att("OrdersTable", "Arn"),
                        }
                    ]
                )
            },
        },
    )
    template.resource_count_is("AWS::IAM::Policy", 0)
    # Read only: no write action anywhere in the function's policies.
    actions = [
        a for s in statements_of(template, "AWS::IAM::ManagedPolicy") for a in as_list(s["Action"])
    ]
    assert "dynamodb:GetItem" in actions
    assert [
        a
        for a in actions
        if a in ("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem")
    ] == []


def test_an_opt_out_with_a_reason_is_acknowledged_and_the_gate_passes(stack: Stack) -> None:
    new_table(
        stack,
        "Scratch",
        opt_outs=EncryptedTableOptOuts(
            point_in_time_recovery=OptOut(reason=PITR_REASON, ticket="SEC-142")
        ),
    )

    result = ComplianceGate.check(stack)

    assert [f"{v.rule_id} at {v.construct_path}" for v in result.violations] == []
    assert result.success is True
    decisions = [a for a in result.acknowledgments if a.origin == DecisionOrigin.OPT_OUT]
    assert len(decisions) == 1
    decision = decisions[0]
    assert decision.construct_path == "TestStack/Scratch"
    assert decision.reason == PITR_REASON
    assert decision.ticket == "SEC-142"
    assert "AwsSolutions-DDB3" in decision.rule_ids
    assert decision.accepted >= 1
    assert not decision.unused
    # The report names the opt-out prop in TypeScript spelling (the API reference's), whatever the
    # language.
    assert decision.opt_out == "optOuts.pointInTimeRecovery"
    # The control really is off, and only that one: the table keeps its customer-managed key.
    Template.from_stack(stack).has_resource_properties(
        "AWS::DynamoDB::Table",
        {
            "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": False},
            "SSESpecification": Match.object_like({"SSEEnabled": True, "SSEType": "KMS"}),
        },
    )


def _blank_reason_error(stack: Stack) -> str:
    with pytest.raises(RuntimeError) as raised:
        new_table(
            stack,
            "Scratch",
            opt_outs=EncryptedTableOptOuts(point_in_time_recovery=OptOut(reason="   ")),
        )
    return str(raised.value)


def test_a_blank_opt_out_reason_is_refused_with_the_construct_path(stack: Stack) -> None:
    message = _blank_reason_error(stack)

    assert "[CSS003] TestStack/Scratch:" in message
    assert "an opt-out needs a non-blank reason" in message


def test_a_bad_prop_is_named_in_python_spelling(stack: Stack) -> None:
    message = _blank_reason_error(stack)

    assert "TestStack/Scratch" in message
    expected = (
        'prop "opt_outs.point_in_time_recovery.reason" '
        "(TypeScript: optOuts.pointInTimeRecovery.reason)"
    )
    assert expected in message


def test_an_out_of_range_prop_is_named_in_python_spelling(stack: Stack) -> None:
    with pytest.raises(RuntimeError) as raised:
        new_function(stack, memory_size=64)
    message = str(raised.value)

    assert "[CSS001] TestStack/Handler:" in message
    assert 'prop "memory_size" (TypeScript: memorySize)' in message


def test_the_orders_service_passes_the_gate_with_zero_violations() -> None:
    app = App()
    stack = OrdersServiceStack(
        app, "OrdersService", env=Environment(account="123456789012", region="eu-west-1")
    )

    result = ComplianceGate.check(stack)

    assert [f"{v.rule_id} at {v.construct_path}" for v in result.violations] == []
    assert result.success is True
    assert [(p.pack, p.errors, p.warnings) for p in result.packs] == [
        (pack, 0, 0) for pack in CompliancePack
    ]
    assert [a.construct_path for a in result.acknowledgments if a.unused] == []
    team = {
        a.construct_path: a for a in result.acknowledgments if a.origin == DecisionOrigin.OPT_OUT
    }
    assert team["OrdersService/IdempotencyKeys"].reason.startswith(
        "Idempotency keys expire within 24 hours"
    )
    assert team["OrdersService/IdempotencyKeys"].ticket == "SEC-17"
    assert team["OrdersService/IdempotencyKeys"].approved_by == "security-review@example.com"
    assert team["OrdersService/Api/Api/Default/health/GET"].reason.startswith(
        "Load balancer health check"
    )
    assert set(team) == {
        "OrdersService/IdempotencyKeys",
        "OrdersService/Api/Api/Default/health/GET",
    }
    # The stack exposes the example's constructs under their Python names.
    assert stack.get_order.node.path == "OrdersService/GetOrder"
    assert stack.place_order.node.path == "OrdersService/PlaceOrder"
    assert stack.users.node.path == "OrdersService/Users"
    assert stack.uploads.node.path == "OrdersService/Uploads"
    assert stack.fulfilment.node.path == "OrdersService/Fulfilment"


def test_the_orders_service_bundles_its_entries_and_authorizes_with_the_user_pool() -> None:
    stack = OrdersServiceStack(
        App(), "OrdersService", env=Environment(account="123456789012", region="eu-west-1")
    )

    template = Template.from_stack(stack)
    # The six handlers of examples/handlers, each bundled from its TypeScript entry into index.js.
    bundled = [
        logical_id
        for logical_id, function in template.find_resources("AWS::Lambda::Function").items()
        if function["Properties"].get("Handler") == "index.handler"
        and not logical_id.startswith("SecureServerlessNetwork")
    ]
    assert sorted(logical_id[: -len("FunctionXXXXXXXX")] for logical_id in bundled) == [
        "GetOrder",
        "NightlyReport",
        "OrderStatus",
        "PlaceOrder",
        "ProcessUpload",
        "ReserveStock",
    ]
    # Every method but the health check and the CORS preflights is authorized by the user pool.
    template.resource_count_is("AWS::ApiGateway::Authorizer", 1)
    template.has_resource_properties(
        "AWS::ApiGateway::Authorizer",
        {"Type": "COGNITO_USER_POOLS", "ProviderARNs": [get_att("Users", "Arn")]},
    )
    authorization = sorted(
        (method["Properties"]["HttpMethod"], method["Properties"]["AuthorizationType"])
        for method in template.find_resources("AWS::ApiGateway::Method").values()
    )
    assert authorization == [
        ("GET", "COGNITO_USER_POOLS"),
        ("GET", "NONE"),
        ("OPTIONS", "NONE"),
        ("OPTIONS", "NONE"),
        ("POST", "COGNITO_USER_POOLS"),
    ]
    # The uploads queue feeds ProcessUpload, with partial batch responses.
    template.has_resource_properties(
        "AWS::Lambda::EventSourceMapping",
        {
            "FunctionName": {"Ref": Match.string_like_regexp("^ProcessUploadFunction")},
            "FunctionResponseTypes": ["ReportBatchItemFailures"],
        },
    )
