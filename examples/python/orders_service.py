"""An order service: its tables and the functions that read and write them.

The Python twin of ``examples/app.ts``: the same constructs with the same construct ids, so the
synthesized template has the same logical ids as the TypeScript example's.
"""

from pathlib import Path
from typing import Any

from aws_cdk import Stack
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_lambda as lambda_
from cdk_secure_serverless import (
    ApiThrottling,
    AutoScaledCapacity,
    EncryptedTable,
    EncryptedTableOptOuts,
    OptOut,
    SecureApi,
    SecureFunction,
)
from constructs import Construct

#: The handlers the TypeScript example deploys too (examples/handlers).
HANDLERS = Path(__file__).resolve().parent.parent / "handlers"


def _string_key(name: str) -> dynamodb.Attribute:
    return dynamodb.Attribute(name=name, type=dynamodb.AttributeType.STRING)


class OrdersServiceStack(Stack):
    """The orders and customers tables, the functions that use them, and the API in front."""

    orders: EncryptedTable
    customers: EncryptedTable
    get_order: SecureFunction
    place_order: SecureFunction

    def __init__(self, scope: Construct, construct_id: str, **kwargs: Any) -> None:
        super().__init__(scope, construct_id, **kwargs)

        # On-demand, customer-managed key, PITR, deletion protection, daily backups: by default.
        self.orders = EncryptedTable(
            self,
            "Orders",
            partition_key=_string_key("pk"),
            sort_key=_string_key("sk"),
            time_to_live_attribute="expiresAt",
        )
        self.orders.add_global_secondary_index(
            index_name="byCustomer", partition_key=_string_key("customerId")
        )

        # Steady traffic: provisioned capacity, which always comes with auto scaling.
        self.customers = EncryptedTable(
            self,
            "Customers",
            partition_key=_string_key("customerId"),
            provisioned_capacity=AutoScaledCapacity(
                min_read_capacity=5,
                max_read_capacity=100,
                min_write_capacity=2,
                max_write_capacity=20,
            ),
        )

        # Functions: isolated network, own least-privilege role, encrypted environment and logs,
        # tracing, dead-letter topic, reserved concurrency, alarms. Grants land in customer-managed
        # policies.
        self.get_order = SecureFunction(
            self,
            "GetOrder",
            code=lambda_.Code.from_asset(str(HANDLERS)),
            handler="get-order.handler",
            environment={"ORDERS_TABLE": self.orders.table_name},
        )
        self.orders.grant_read_data(self.get_order)

        self.place_order = SecureFunction(
            self,
            "PlaceOrder",
            code=lambda_.Code.from_asset(str(HANDLERS)),
            handler="place-order.handler",
            environment={
                "ORDERS_TABLE": self.orders.table_name,
                "CUSTOMERS_TABLE": self.customers.table_name,
            },
        )
        self.orders.grant_write_data(self.place_order)
        self.customers.grant_read_data(self.place_order)

        # The API: IAM authorization and request validation on every method, WAF, throttling, JSON
        # access logs, tracing, alarms. Routes are added the usual aws-cdk-lib way.
        api = SecureApi(self, "Api", throttling=ApiThrottling(rate_limit=50, burst_limit=100))
        # jsii sends a struct's fields in alphabetical order, whatever the order of the keyword
        # arguments; examples/app.ts writes its schema in that order, since the API deployment's
        # logical id hashes it.
        new_order = api.add_model(
            "NewOrder",
            content_type="application/json",
            schema=apigateway.JsonSchema(
                type=apigateway.JsonSchemaType.OBJECT,
                required=["customerId"],
                additional_properties=False,
                properties={
                    "customerId": apigateway.JsonSchema(
                        type=apigateway.JsonSchemaType.STRING, max_length=64
                    )
                },
            ),
        )
        orders = api.root.add_resource(
            "orders",
            default_cors_preflight_options=apigateway.CorsOptions(
                allow_origins=["https://shop.example.com"], allow_methods=["GET", "POST"]
            ),
        )
        orders.add_method(
            "POST",
            apigateway.LambdaIntegration(self.place_order),
            request_models={"application/json": new_order},
        )
        orders.add_resource("{id}").add_method(
            "GET",
            apigateway.LambdaIntegration(self.get_order),
            request_parameters={"method.request.path.id": True},
        )
        health = api.root.add_resource("health").add_method(
            "GET",
            apigateway.MockIntegration(
                integration_responses=[apigateway.IntegrationResponse(status_code="200")],
                request_templates={"application/json": '{"statusCode": 200}'},
            ),
            authorization_type=apigateway.AuthorizationType.NONE,
            method_responses=[apigateway.MethodResponse(status_code="200")],
        )
        api.allow_unauthenticated(
            health, reason="Load balancer health check; returns a constant and touches no data"
        )

        # An explicit, reasoned opt-out: the gate's report lists it as a decision, with its ticket
        # and approver.
        EncryptedTable(
            self,
            "IdempotencyKeys",
            partition_key=_string_key("key"),
            time_to_live_attribute="expiresAt",
            opt_outs=EncryptedTableOptOuts(
                point_in_time_recovery=OptOut(
                    reason=(
                        "Idempotency keys expire within 24 hours; "
                        "restoring them would replay requests"
                    ),
                    ticket="SEC-17",
                    approved_by="security-review@example.com",
                )
            ),
        )
