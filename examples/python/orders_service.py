"""An order service built from the library alone: an API whose customers sign in with a Cognito
user pool and a mobile HTTP API behind the same pool, TypeScript handlers bundled from their
entries, tables, a fulfilment workflow each order starts, invoice uploads to a bucket that notifies
a queue a function consumes, an order event bus whose rule notifies a topic, and a nightly report.

The Python twin of ``examples/app.ts``: the same constructs with the same construct ids, so the
synthesized template has the same logical ids as the TypeScript example's.
"""

from pathlib import Path
from typing import Any

from aws_cdk import Stack
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_apigatewayv2 as apigatewayv2
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_notifications as s3n
from aws_cdk import aws_stepfunctions as sfn
from aws_cdk import aws_stepfunctions_tasks as tasks
from aws_cdk.aws_apigatewayv2_authorizers import HttpUserPoolAuthorizer
from aws_cdk.aws_apigatewayv2_integrations import HttpLambdaIntegration
from aws_cdk.aws_lambda_event_sources import SqsEventSource
from cdk_secure_serverless import (
    ApiThrottling,
    AutoScaledCapacity,
    EncryptedTable,
    EncryptedTableOptOuts,
    OptOut,
    SecureApi,
    SecureBucket,
    SecureEventBus,
    SecureFunction,
    SecureHttpApi,
    SecureQueue,
    SecureRule,
    SecureStateMachine,
    SecureTopic,
    SecureUserPool,
)
from constructs import Construct

#: The TypeScript handlers the TypeScript example bundles too (examples/handlers). esbuild resolves
#: their imports from the repository's package.json and node_modules.
HANDLERS = Path(__file__).resolve().parent.parent / "handlers"


def _entry(name: str) -> str:
    return str(HANDLERS / name)


def _string_key(name: str) -> dynamodb.Attribute:
    return dynamodb.Attribute(name=name, type=dynamodb.AttributeType.STRING)


class OrdersServiceStack(Stack):
    """The tables, functions, workflow, bucket, queue, event bus, topic, rules, user pool and APIs
    of the order service."""

    orders: EncryptedTable
    customers: EncryptedTable
    get_order: SecureFunction
    place_order: SecureFunction
    users: SecureUserPool
    uploads: SecureBucket
    fulfilment: SecureStateMachine

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

        # Order events: a custom event bus encrypted with the stack's messaging key; a rule sends
        # each placed order to the notifications topic (with a dead-letter queue and retries, as
        # every target of a SecureRule).
        order_events = SecureEventBus(self, "OrderEvents")
        notifications = SecureTopic(self, "OrderNotifications", display_name="Order notifications")
        SecureRule(
            self,
            "OrderPlaced",
            event_bus=order_events,
            event_pattern=events.EventPattern(source=["orders"], detail_type=["OrderPlaced"]),
            targets=[targets.SnsTopic(notifications)],
        )

        # Functions: TypeScript entries bundled with esbuild (one bundle each, source maps, the
        # metafile kept), the isolated network, an own least-privilege role, encrypted environment
        # and logs, tracing, dead-letter topic, reserved concurrency, alarms. Grants land in
        # customer-managed policies, and open the network's endpoints.
        self.get_order = SecureFunction(
            self,
            "GetOrder",
            entry=_entry("get-order.ts"),
            environment={"ORDERS_TABLE": self.orders.table_name},
        )
        self.orders.grant_read_data(self.get_order)

        # Fulfilment: a workflow each new order starts, which reserves the order's stock (a
        # function) and marks the order RESERVED (a DynamoDB task). Every event is logged without
        # the orders' data, traced, and encrypted with the stack's data key; its role may invoke
        # exactly this function and update exactly this table, with its key.
        reserve_stock = SecureFunction(
            self,
            "ReserveStock",
            entry=_entry("reserve-stock.ts"),
            environment={"ORDERS_TABLE": self.orders.table_name},
        )
        self.orders.grant_read_data(reserve_stock)
        # The task's dicts in the order examples/app.ts writes them: the state machine's
        # definition is one string, rendered in that order.
        self.fulfilment = SecureStateMachine(
            self,
            "Fulfilment",
            definition_body=sfn.DefinitionBody.from_chainable(
                tasks.LambdaInvoke(
                    self, "Reserve", lambda_function=reserve_stock, payload_response_only=True
                ).next(
                    tasks.DynamoUpdateItem(
                        self,
                        "MarkReserved",
                        table=self.orders.table,
                        key={
                            "pk": tasks.DynamoAttributeValue.from_string(
                                sfn.JsonPath.format("ORDER#{}", sfn.JsonPath.string_at("$.id"))
                            ),
                            "sk": tasks.DynamoAttributeValue.from_string("ORDER"),
                        },
                        update_expression="SET #status = :reserved",
                        expression_attribute_names={"#status": "status"},
                        expression_attribute_values={
                            ":reserved": tasks.DynamoAttributeValue.from_string("RESERVED")
                        },
                    )
                )
            ),
        )

        self.place_order = SecureFunction(
            self,
            "PlaceOrder",
            entry=_entry("place-order.ts"),
            environment={
                "CUSTOMERS_TABLE": self.customers.table_name,
                "EVENT_BUS": order_events.event_bus_name,
                "FULFILMENT_WORKFLOW": self.fulfilment.state_machine_arn,
                "ORDERS_TABLE": self.orders.table_name,
            },
        )
        self.orders.grant_write_data(self.place_order)
        self.customers.grant_read_data(self.place_order)
        order_events.grant_put_events_to(self.place_order)
        self.fulfilment.grant_start_execution(self.place_order)

        # Invoice uploads: a bucket (SSE-KMS with a bucket key, TLS only, versioned, access logs to
        # the stack's log bucket) that notifies a queue, which a function consumes with partial
        # batch responses.
        self.uploads = SecureBucket(self, "Uploads")
        upload_queue = SecureQueue(self, "UploadQueue")
        self.uploads.add_event_notification(
            s3.EventType.OBJECT_CREATED,
            s3n.SqsDestination(upload_queue),
            s3.NotificationKeyFilter(prefix="invoices/", suffix=".pdf"),
        )
        process_upload = SecureFunction(
            self,
            "ProcessUpload",
            entry=_entry("process-upload.ts"),
            environment={"ORDERS_TABLE": self.orders.table_name},
        )
        process_upload.add_event_source(
            SqsEventSource(upload_queue, report_batch_item_failures=True)
        )
        self.uploads.grant_read(process_upload)
        self.orders.grant_write_data(process_upload)

        # Every night at 02:00 UTC: a report of the day's orders to the notifications topic.
        nightly_report = SecureFunction(
            self,
            "NightlyReport",
            entry=_entry("nightly-report.ts"),
            environment={
                "NOTIFICATIONS_TOPIC": notifications.topic_arn,
                "ORDERS_TABLE": self.orders.table_name,
            },
        )
        self.orders.grant_read_data(nightly_report)
        notifications.grant_publish(nightly_report)
        SecureRule(
            self,
            "Nightly",
            schedule=events.Schedule.cron(hour="2", minute="0"),
            targets=[targets.LambdaFunction(nightly_report)],
        )

        # Customers sign in with the user pool: strong passwords, MFA, threat protection,
        # short-lived tokens.
        self.users = SecureUserPool(self, "Users", self_sign_up_enabled=True)
        self.users.add_client("Web")

        # The API: every method authorized by the user pool and validated, WAF, throttling, JSON
        # access logs, tracing, alarms. Routes are added the usual aws-cdk-lib way.
        api = SecureApi(
            self,
            "Api",
            throttling=ApiThrottling(rate_limit=50, burst_limit=100),
            authorizer=apigateway.CognitoUserPoolsAuthorizer(
                self, "Authorizer", cognito_user_pools=[self.users]
            ),
        )
        # jsii sends a struct's fields in alphabetical order, whatever the order of the keyword
        # arguments, and a dict's keys in the order written: examples/app.ts writes its schema in
        # alphabetical order, and so does every dict here, since the API deployment's logical id
        # hashes it.
        new_order = api.add_model(
            "NewOrder",
            content_type="application/json",
            schema=apigateway.JsonSchema(
                additional_properties=False,
                properties={
                    "items": apigateway.JsonSchema(
                        items=apigateway.JsonSchema(
                            additional_properties=False,
                            properties={
                                "quantity": apigateway.JsonSchema(
                                    maximum=100,
                                    minimum=1,
                                    type=apigateway.JsonSchemaType.INTEGER,
                                ),
                                "sku": apigateway.JsonSchema(
                                    max_length=32,
                                    pattern="^[A-Z0-9-]+$",
                                    type=apigateway.JsonSchemaType.STRING,
                                ),
                            },
                            required=["quantity", "sku"],
                            type=apigateway.JsonSchemaType.OBJECT,
                        ),
                        max_items=50,
                        min_items=1,
                        type=apigateway.JsonSchemaType.ARRAY,
                    ),
                },
                required=["items"],
                type=apigateway.JsonSchemaType.OBJECT,
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

        # The mobile app's HTTP API (cheaper than REST, and without WAF or request validation, so
        # the handler checks its input): every route authorized by a JWT authorizer on the same
        # user pool, JSON access logs, throttling, alarms, and one invoke permission for the
        # function.
        order_status = SecureFunction(
            self,
            "OrderStatus",
            entry=_entry("order-status.ts"),
            environment={"ORDERS_TABLE": self.orders.table_name},
        )
        self.orders.grant_read_data(order_status)
        mobile_api = SecureHttpApi(
            self,
            "MobileApi",
            default_authorizer=HttpUserPoolAuthorizer(
                "MobileUsers", self.users, user_pool_clients=[self.users.add_client("Mobile")]
            ),
            throttling=ApiThrottling(rate_limit=20, burst_limit=40),
        )
        mobile_api.add_routes(
            path="/orders/{id}/status",
            methods=[apigatewayv2.HttpMethod.GET],
            integration=HttpLambdaIntegration("OrderStatus", order_status),
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
