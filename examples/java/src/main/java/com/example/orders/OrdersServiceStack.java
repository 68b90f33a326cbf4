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
import io.github.cdksecureserverless.SecureFunction;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.apigateway.AuthorizationType;
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
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.lambda.Code;
import software.constructs.Construct;

/**
 * An order service: its tables and the functions that read and write them. examples/app.ts in Java, construct
 * for construct and with the same construct ids, so the template has the same logical ids.
 */
public class OrdersServiceStack extends Stack {
    private final EncryptedTable orders;
    private final EncryptedTable customers;
    private final SecureFunction getOrder;
    private final SecureFunction placeOrder;

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

        // Functions: isolated network, own least-privilege role, encrypted environment and logs, tracing,
        // dead-letter topic, reserved concurrency, alarms. Grants land in customer-managed policies.
        String handlers = handlersDirectory();
        this.getOrder = SecureFunction.Builder.create(this, "GetOrder")
                .code(Code.fromAsset(handlers))
                .handler("get-order.handler")
                .environment(Map.of("ORDERS_TABLE", this.orders.getTableName()))
                .build();
        this.orders.grantReadData(this.getOrder);

        // Not Map.of: its iteration order changes from one JVM to the next, and with it the template.
        Map<String, String> placeOrderEnvironment = new LinkedHashMap<>();
        placeOrderEnvironment.put("ORDERS_TABLE", this.orders.getTableName());
        placeOrderEnvironment.put("CUSTOMERS_TABLE", this.customers.getTableName());
        this.placeOrder = SecureFunction.Builder.create(this, "PlaceOrder")
                .code(Code.fromAsset(handlers))
                .handler("place-order.handler")
                .environment(placeOrderEnvironment)
                .build();
        this.orders.grantWriteData(this.placeOrder);
        this.customers.grantReadData(this.placeOrder);

        // The API: IAM authorization and request validation on every method, WAF, throttling, JSON access logs,
        // tracing, alarms. Routes are added the usual aws-cdk-lib way.
        SecureApi api = SecureApi.Builder.create(this, "Api")
                .throttling(ApiThrottling.builder().rateLimit(50).burstLimit(100).build())
                .build();
        Model newOrder = api.addModel("NewOrder", ModelOptions.builder()
                .contentType("application/json")
                .schema(JsonSchema.builder()
                        .type(JsonSchemaType.OBJECT)
                        .required(List.of("customerId"))
                        .additionalProperties(false)
                        .properties(Map.of(
                                "customerId", JsonSchema.builder().type(JsonSchemaType.STRING).maxLength(64).build()))
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

    private static Attribute attribute(final String name) {
        return Attribute.builder().name(name).type(AttributeType.STRING).build();
    }

    /** examples/handlers, the TypeScript example's handlers: ../handlers from this project. */
    private static String handlersDirectory() {
        return App.projectDirectory().resolve(Path.of("..", "handlers")).normalize().toString();
    }
}
