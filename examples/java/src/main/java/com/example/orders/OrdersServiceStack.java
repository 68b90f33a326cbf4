package com.example.orders;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.cdksecureserverless.ApiThrottling;
import io.github.cdksecureserverless.AutoScaledCapacity;
import io.github.cdksecureserverless.EncryptedTable;
import io.github.cdksecureserverless.EncryptedTableOptOuts;
import io.github.cdksecureserverless.OptOut;
import io.github.cdksecureserverless.SecureApi;
import io.github.cdksecureserverless.SecureBucket;
import io.github.cdksecureserverless.SecureEventBus;
import io.github.cdksecureserverless.SecureFunction;
import io.github.cdksecureserverless.SecureHttpApi;
import io.github.cdksecureserverless.SecureQueue;
import io.github.cdksecureserverless.SecureRule;
import io.github.cdksecureserverless.SecureStateMachine;
import io.github.cdksecureserverless.SecureTopic;
import io.github.cdksecureserverless.SecureUserPool;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpUserPoolAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpUserPoolAuthorizerProps;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigateway.AuthorizationType;
import software.amazon.awscdk.services.apigateway.CognitoUserPoolsAuthorizer;
import software.amazon.awscdk.services.apigateway.CorsOptions;
import software.amazon.awscdk.services.apigateway.IntegrationResponse;
import software.amazon.awscdk.services.apigateway.JsonSchema;
import software.amazon.awscdk.services.apigateway.JsonSchemaType;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.Method;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.MethodResponse;
import software.amazon.awscdk.services.apigateway.MockIntegration;
import software.amazon.awscdk.services.apigateway.Model;
import software.amazon.awscdk.services.apigateway.ModelOptions;
import software.amazon.awscdk.services.apigateway.Resource;
import software.amazon.awscdk.services.apigateway.ResourceOptions;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.events.CronOptions;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.events.targets.SnsTopic;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.s3.EventType;
import software.amazon.awscdk.services.s3.NotificationKeyFilter;
import software.amazon.awscdk.services.s3.notifications.SqsDestination;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.JsonPath;
import software.amazon.awscdk.services.stepfunctions.tasks.DynamoAttributeValue;
import software.amazon.awscdk.services.stepfunctions.tasks.DynamoUpdateItem;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvoke;
import software.constructs.Construct;

/**
 * An order service built from the library alone: an API whose customers sign in with a Cognito user pool and a
 * mobile HTTP API behind the same pool, TypeScript handlers bundled from their entries, tables, a fulfilment workflow
 * each order starts, invoice uploads to a bucket that notifies a queue a function consumes, an order event bus whose
 * rule notifies a topic, and a nightly report. examples/app.ts in Java, construct for construct and with the same
 * construct ids, so the template has the same logical ids.
 */
public class OrdersServiceStack extends Stack {
    private final EncryptedTable orders;
    private final EncryptedTable customers;
    private final SecureFunction getOrder;
    private final SecureFunction placeOrder;
    private final SecureUserPool users;
    private final SecureBucket uploads;
    private final SecureStateMachine fulfilment;

    public OrdersServiceStack(final Construct scope, final String id) {
        this(scope, id, null);
    }

    public OrdersServiceStack(final Construct scope, final String id, final StackProps props) {
        super(scope, id, props);

        // On-demand, customer-managed key, PITR, deletion protection, daily backups: all by default.
        this.orders = EncryptedTable.Builder.create(this, "Orders")
                .partitionKey(attribute("pk"))
                .sortKey(attribute("sk"))
                .timeToLiveAttribute("expiresAt")
                .build();
        this.orders.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                .indexName("byCustomer")
                .partitionKey(attribute("customerId"))
                .build());

        // Steady traffic: provisioned capacity, which always comes with auto scaling.
        this.customers = EncryptedTable.Builder.create(this, "Customers")
                .partitionKey(attribute("customerId"))
                .provisionedCapacity(AutoScaledCapacity.builder()
                        .minReadCapacity(5).maxReadCapacity(100)
                        .minWriteCapacity(2).maxWriteCapacity(20)
                        .build())
                .build();

        // Order events: a custom event bus encrypted with the stack's messaging key; a rule sends each placed order to
        // the notifications topic (with a dead-letter queue and retries, as every target of a SecureRule).
        SecureEventBus orderEvents = new SecureEventBus(this, "OrderEvents");
        SecureTopic notifications = SecureTopic.Builder.create(this, "OrderNotifications")
                .displayName("Order notifications")
                .build();
        SecureRule.Builder.create(this, "OrderPlaced")
                .eventBus(orderEvents)
                .eventPattern(EventPattern.builder()
                        .source(List.of("orders"))
                        .detailType(List.of("OrderPlaced"))
                        .build())
                .targets(List.of(new SnsTopic(notifications)))
                .build();

        // Functions: TypeScript entries bundled with esbuild (one bundle each, source maps, the metafile kept), the
        // isolated network, an own least-privilege role, encrypted environment and logs, tracing, dead-letter topic,
        // reserved concurrency, alarms. Grants land in customer-managed policies, and open the network's endpoints.
        this.getOrder = SecureFunction.Builder.create(this, "GetOrder")
                .entry(entry("get-order.ts"))
                .environment(Map.of("ORDERS_TABLE", this.orders.getTableName()))
                .build();
        this.orders.grantReadData(this.getOrder);

        // Fulfilment: a workflow each new order starts, which reserves the order's stock (a function) and marks the
        // order RESERVED (a DynamoDB task). Every event is logged without the orders' data, traced, and encrypted with
        // the stack's data key; its role may invoke exactly this function and update exactly this table, with its key.
        SecureFunction reserveStock = SecureFunction.Builder.create(this, "ReserveStock")
                .entry(entry("reserve-stock.ts"))
                .environment(Map.of("ORDERS_TABLE", this.orders.getTableName()))
                .build();
        this.orders.grantReadData(reserveStock);
        // The key in examples/app.ts's order (a LinkedHashMap, see below): the definition is one string.
        Map<String, DynamoAttributeValue> reservedKey = new LinkedHashMap<>();
        reservedKey.put("pk", DynamoAttributeValue.fromString(JsonPath.format("ORDER#{}", JsonPath.stringAt("$.id"))));
        reservedKey.put("sk", DynamoAttributeValue.fromString("ORDER"));
        this.fulfilment = SecureStateMachine.Builder.create(this, "Fulfilment")
                .definitionBody(DefinitionBody.fromChainable(
                        LambdaInvoke.Builder.create(this, "Reserve")
                                .lambdaFunction(reserveStock)
                                .payloadResponseOnly(true)
                                .build()
                                .next(DynamoUpdateItem.Builder.create(this, "MarkReserved")
                                        .table(this.orders.getTable())
                                        .key(reservedKey)
                                        .updateExpression("SET #status = :reserved")
                                        .expressionAttributeNames(Map.of("#status", "status"))
                                        .expressionAttributeValues(
                                                Map.of(":reserved", DynamoAttributeValue.fromString("RESERVED")))
                                        .build())))
                .build();

        // Not Map.of for more than one key: its iteration order changes from one JVM to the next, and with it the
        // template. A LinkedHashMap keeps the keys in the order written, alphabetical like examples/app.ts.
        Map<String, String> placeOrderEnvironment = new LinkedHashMap<>();
        placeOrderEnvironment.put("CUSTOMERS_TABLE", this.customers.getTableName());
        placeOrderEnvironment.put("EVENT_BUS", orderEvents.getEventBusName());
        placeOrderEnvironment.put("FULFILMENT_WORKFLOW", this.fulfilment.getStateMachineArn());
        placeOrderEnvironment.put("ORDERS_TABLE", this.orders.getTableName());
        this.placeOrder = SecureFunction.Builder.create(this, "PlaceOrder")
                .entry(entry("place-order.ts"))
                .environment(placeOrderEnvironment)
                .build();
        this.orders.grantWriteData(this.placeOrder);
        this.customers.grantReadData(this.placeOrder);
        orderEvents.grantPutEventsTo(this.placeOrder);
        this.fulfilment.grantStartExecution(this.placeOrder);

        // Invoice uploads: a bucket (SSE-KMS with a bucket key, TLS only, versioned, access logs to the stack's log
        // bucket) that notifies a queue, which a function consumes with partial batch responses.
        this.uploads = new SecureBucket(this, "Uploads");
        SecureQueue uploadQueue = new SecureQueue(this, "UploadQueue");
        this.uploads.addEventNotification(EventType.OBJECT_CREATED, new SqsDestination(uploadQueue),
                NotificationKeyFilter.builder().prefix("invoices/").suffix(".pdf").build());
        SecureFunction processUpload = SecureFunction.Builder.create(this, "ProcessUpload")
                .entry(entry("process-upload.ts"))
                .environment(Map.of("ORDERS_TABLE", this.orders.getTableName()))
                .build();
        processUpload.addEventSource(SqsEventSource.Builder.create(uploadQueue)
                .reportBatchItemFailures(true)
                .build());
        this.uploads.grantRead(processUpload);
        this.orders.grantWriteData(processUpload);

        // Every night at 02:00 UTC: a report of the day's orders to the notifications topic.
        Map<String, String> nightlyReportEnvironment = new LinkedHashMap<>();
        nightlyReportEnvironment.put("NOTIFICATIONS_TOPIC", notifications.getTopicArn());
        nightlyReportEnvironment.put("ORDERS_TABLE", this.orders.getTableName());
        SecureFunction nightlyReport = SecureFunction.Builder.create(this, "NightlyReport")
                .entry(entry("nightly-report.ts"))
                .environment(nightlyReportEnvironment)
                .build();
        this.orders.grantReadData(nightlyReport);
        notifications.grantPublish(nightlyReport);
        SecureRule.Builder.create(this, "Nightly")
                .schedule(Schedule.cron(CronOptions.builder().hour("2").minute("0").build()))
                .targets(List.of(new LambdaFunction(nightlyReport)))
                .build();

        // Customers sign in with the user pool: strong passwords, MFA, threat protection, short-lived tokens.
        this.users = SecureUserPool.Builder.create(this, "Users").selfSignUpEnabled(true).build();
        this.users.addClient("Web");

        // The API: every method authorized by the user pool and validated, WAF, throttling, JSON access logs,
        // tracing, alarms. Routes are added the usual aws-cdk-lib way.
        SecureApi api = SecureApi.Builder.create(this, "Api")
                .throttling(ApiThrottling.builder().rateLimit(50).burstLimit(100).build())
                .authorizer(CognitoUserPoolsAuthorizer.Builder.create(this, "Authorizer")
                        .cognitoUserPools(List.of(this.users))
                        .build())
                .build();
        // jsii sends a struct's fields in alphabetical order, whatever the order of the builder's calls, and a
        // map's keys in its iteration order: the API deployment's logical id hashes the schema, so its maps are
        // LinkedHashMaps (or Map.of with one key) written in alphabetical order, like examples/app.ts's schema.
        Map<String, JsonSchema> itemProperties = new LinkedHashMap<>();
        itemProperties.put("quantity", JsonSchema.builder()
                .maximum(100).minimum(1).type(JsonSchemaType.INTEGER)
                .build());
        itemProperties.put("sku", JsonSchema.builder()
                .maxLength(32).pattern("^[A-Z0-9-]+$").type(JsonSchemaType.STRING)
                .build());
        Model newOrder = api.addModel("NewOrder", ModelOptions.builder()
                .contentType("application/json")
                .schema(JsonSchema.builder()
                        .additionalProperties(false)
                        .properties(Map.of("items", JsonSchema.builder()
                                .items(JsonSchema.builder()
                                        .additionalProperties(false)
                                        .properties(itemProperties)
                                        .required(List.of("quantity", "sku"))
                                        .type(JsonSchemaType.OBJECT)
                                        .build())
                                .maxItems(50)
                                .minItems(1)
                                .type(JsonSchemaType.ARRAY)
                                .build()))
                        .required(List.of("items"))
                        .type(JsonSchemaType.OBJECT)
                        .build())
                .build());
        Resource ordersResource = api.getRoot().addResource("orders", ResourceOptions.builder()
                .defaultCorsPreflightOptions(CorsOptions.builder()
                        .allowOrigins(List.of("https://shop.example.com"))
                        .allowMethods(List.of("GET", "POST"))
                        .build())
                .build());
        ordersResource.addMethod("POST", new LambdaIntegration(this.placeOrder), MethodOptions.builder()
                .requestModels(Map.of("application/json", newOrder))
                .build());
        ordersResource.addResource("{id}").addMethod("GET", new LambdaIntegration(this.getOrder), MethodOptions.builder()
                .requestParameters(Map.of("method.request.path.id", true))
                .build());
        Method health = api.getRoot().addResource("health").addMethod(
                "GET",
                MockIntegration.Builder.create()
                        .integrationResponses(List.of(IntegrationResponse.builder().statusCode("200").build()))
                        .requestTemplates(Map.of("application/json", "{\"statusCode\": 200}"))
                        .build(),
                MethodOptions.builder()
                        .authorizationType(AuthorizationType.NONE)
                        .methodResponses(List.of(MethodResponse.builder().statusCode("200").build()))
                        .build());
        api.allowUnauthenticated(health, OptOut.builder()
                .reason("Load balancer health check; returns a constant and touches no data")
                .build());

        // The mobile app's HTTP API (cheaper than REST, and without WAF or request validation, so the handler checks
        // its input): every route authorized by a JWT authorizer on the same user pool, JSON access logs, throttling,
        // alarms, and one invoke permission for the function.
        SecureFunction orderStatus = SecureFunction.Builder.create(this, "OrderStatus")
                .entry(entry("order-status.ts"))
                .environment(Map.of("ORDERS_TABLE", this.orders.getTableName()))
                .build();
        this.orders.grantReadData(orderStatus);
        SecureHttpApi mobileApi = SecureHttpApi.Builder.create(this, "MobileApi")
                .defaultAuthorizer(new HttpUserPoolAuthorizer("MobileUsers", this.users,
                        HttpUserPoolAuthorizerProps.builder()
                                .userPoolClients(List.of(this.users.addClient("Mobile")))
                                .build()))
                .throttling(ApiThrottling.builder().rateLimit(20).burstLimit(40).build())
                .build();
        mobileApi.addRoutes(AddRoutesOptions.builder()
                .path("/orders/{id}/status")
                .methods(List.of(HttpMethod.GET))
                .integration(new HttpLambdaIntegration("OrderStatus", orderStatus))
                .build());

        // An explicit, reasoned opt-out: the gate's report lists it as a decision, with its ticket and approver.
        EncryptedTable.Builder.create(this, "IdempotencyKeys")
                .partitionKey(attribute("key"))
                .timeToLiveAttribute("expiresAt")
                .optOuts(EncryptedTableOptOuts.builder()
                        .pointInTimeRecovery(OptOut.builder()
                                .reason("Idempotency keys expire within 24 hours; restoring them would replay requests")
                                .ticket("SEC-17")
                                .approvedBy("security-review@example.com")
                                .build())
                        .build())
                .build();
    }

    public EncryptedTable getOrders() {
        return orders;
    }

    public EncryptedTable getCustomers() {
        return customers;
    }

    public SecureFunction getGetOrder() {
        return getOrder;
    }

    public SecureFunction getPlaceOrder() {
        return placeOrder;
    }

    public SecureUserPool getUsers() {
        return users;
    }

    public SecureBucket getUploads() {
        return uploads;
    }

    public SecureStateMachine getFulfilment() {
        return fulfilment;
    }

    private static Attribute attribute(final String name) {
        return Attribute.builder().name(name).type(AttributeType.STRING).build();
    }

    /**
     * The TypeScript handler {@code name} in examples/handlers (../handlers from this project), the entry the
     * TypeScript example bundles too; esbuild resolves its imports from the repository's package.json.
     */
    private static String entry(final String name) {
        return App.projectDirectory().resolve(Path.of("..", "handlers", name)).normalize().toString();
    }
}
