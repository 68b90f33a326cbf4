package main

import (
	"path/filepath"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigateway"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdynamodb"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdk-secure-serverless/cdk-secure-serverless-go/cdksecureserverless"
)

// handlersDir holds the functions' code, shared with the TypeScript example (examples/handlers). It is relative
// to this module's directory, examples/go, which the app runs in (`go run .`, `cdk synth`, the runner).
var handlersDir = filepath.Join("..", "handlers")

// OrdersServiceStack is an order service: its tables and the functions that read and write them. It mirrors
// examples/app.ts construct for construct, with the same construct ids, so it synthesizes the same logical ids.
type OrdersServiceStack struct {
	awscdk.Stack
	Orders     cdksecureserverless.EncryptedTable
	Customers  cdksecureserverless.EncryptedTable
	GetOrder   cdksecureserverless.SecureFunction
	PlaceOrder cdksecureserverless.SecureFunction
}

// NewOrdersServiceStack adds the order service's stack to scope.
func NewOrdersServiceStack(scope constructs.Construct, id string, props *awscdk.StackProps) *OrdersServiceStack {
	stack := awscdk.NewStack(scope, jsii.String(id), props)
	s := &OrdersServiceStack{Stack: stack}

	// On-demand, customer-managed key, PITR, deletion protection, daily backups: all by default.
	s.Orders = cdksecureserverless.NewEncryptedTable(stack, jsii.String("Orders"), &cdksecureserverless.EncryptedTableProps{
		PartitionKey:        &awsdynamodb.Attribute{Name: jsii.String("pk"), Type: awsdynamodb.AttributeType_STRING},
		SortKey:             &awsdynamodb.Attribute{Name: jsii.String("sk"), Type: awsdynamodb.AttributeType_STRING},
		TimeToLiveAttribute: jsii.String("expiresAt"),
	})
	s.Orders.AddGlobalSecondaryIndex(&awsdynamodb.GlobalSecondaryIndexProps{
		IndexName:    jsii.String("byCustomer"),
		PartitionKey: &awsdynamodb.Attribute{Name: jsii.String("customerId"), Type: awsdynamodb.AttributeType_STRING},
	})

	// Steady traffic: provisioned capacity, which always comes with auto scaling.
	s.Customers = cdksecureserverless.NewEncryptedTable(stack, jsii.String("Customers"), &cdksecureserverless.EncryptedTableProps{
		PartitionKey: &awsdynamodb.Attribute{Name: jsii.String("customerId"), Type: awsdynamodb.AttributeType_STRING},
		ProvisionedCapacity: &cdksecureserverless.AutoScaledCapacity{
			MinReadCapacity:  jsii.Number(5),
			MaxReadCapacity:  jsii.Number(100),
			MinWriteCapacity: jsii.Number(2),
			MaxWriteCapacity: jsii.Number(20),
		},
	})

	// Functions: isolated network, own least-privilege role, encrypted environment and logs, tracing,
	// dead-letter topic, reserved concurrency, alarms. Grants land in customer-managed policies.
	s.GetOrder = cdksecureserverless.NewSecureFunction(stack, jsii.String("GetOrder"), &cdksecureserverless.SecureFunctionProps{
		Code:        awslambda.Code_FromAsset(jsii.String(handlersDir), nil),
		Handler:     jsii.String("get-order.handler"),
		Environment: &map[string]*string{"ORDERS_TABLE": s.Orders.TableName()},
	})
	s.Orders.GrantReadData(s.GetOrder)

	s.PlaceOrder = cdksecureserverless.NewSecureFunction(stack, jsii.String("PlaceOrder"), &cdksecureserverless.SecureFunctionProps{
		Code:    awslambda.Code_FromAsset(jsii.String(handlersDir), nil),
		Handler: jsii.String("place-order.handler"),
		Environment: &map[string]*string{
			"ORDERS_TABLE":    s.Orders.TableName(),
			"CUSTOMERS_TABLE": s.Customers.TableName(),
		},
	})
	s.Orders.GrantWriteData(s.PlaceOrder)
	s.Customers.GrantReadData(s.PlaceOrder)

	// The API: IAM authorization and request validation on every method, WAF, throttling, JSON access logs,
	// tracing, alarms. Routes are added the usual aws-cdk-lib way.
	api := cdksecureserverless.NewSecureApi(stack, jsii.String("Api"), &cdksecureserverless.SecureApiProps{
		Throttling: &cdksecureserverless.ApiThrottling{RateLimit: jsii.Number(50), BurstLimit: jsii.Number(100)},
	})
	newOrder := api.AddModel(jsii.String("NewOrder"), &awsapigateway.ModelOptions{
		ContentType: jsii.String("application/json"),
		Schema: &awsapigateway.JsonSchema{
			Type:                 awsapigateway.JsonSchemaType_OBJECT,
			Required:             jsii.Strings("customerId"),
			AdditionalProperties: jsii.Bool(false),
			Properties: &map[string]*awsapigateway.JsonSchema{
				"customerId": {Type: awsapigateway.JsonSchemaType_STRING, MaxLength: jsii.Number(64)},
			},
		},
	})
	orders := api.Root().AddResource(jsii.String("orders"), &awsapigateway.ResourceOptions{
		DefaultCorsPreflightOptions: &awsapigateway.CorsOptions{
			AllowOrigins: jsii.Strings("https://shop.example.com"),
			AllowMethods: jsii.Strings("GET", "POST"),
		},
	})
	orders.AddMethod(jsii.String("POST"), awsapigateway.NewLambdaIntegration(s.PlaceOrder, nil), &awsapigateway.MethodOptions{
		RequestModels: &map[string]awsapigateway.IModel{"application/json": newOrder},
	})
	orders.AddResource(jsii.String("{id}"), nil).AddMethod(jsii.String("GET"), awsapigateway.NewLambdaIntegration(s.GetOrder, nil), &awsapigateway.MethodOptions{
		RequestParameters: &map[string]*bool{"method.request.path.id": jsii.Bool(true)},
	})
	health := api.Root().AddResource(jsii.String("health"), nil).AddMethod(
		jsii.String("GET"),
		awsapigateway.NewMockIntegration(&awsapigateway.IntegrationOptions{
			IntegrationResponses: &[]*awsapigateway.IntegrationResponse{{StatusCode: jsii.String("200")}},
			RequestTemplates:     &map[string]*string{"application/json": jsii.String(`{"statusCode": 200}`)},
		}),
		&awsapigateway.MethodOptions{
			AuthorizationType: awsapigateway.AuthorizationType_NONE,
			MethodResponses:   &[]*awsapigateway.MethodResponse{{StatusCode: jsii.String("200")}},
		},
	)
	api.AllowUnauthenticated(health, &cdksecureserverless.OptOut{
		Reason: jsii.String("Load balancer health check; returns a constant and touches no data"),
	})

	// An explicit, reasoned opt-out: the gate's report lists it as a decision, with its ticket and approver.
	cdksecureserverless.NewEncryptedTable(stack, jsii.String("IdempotencyKeys"), &cdksecureserverless.EncryptedTableProps{
		PartitionKey:        &awsdynamodb.Attribute{Name: jsii.String("key"), Type: awsdynamodb.AttributeType_STRING},
		TimeToLiveAttribute: jsii.String("expiresAt"),
		OptOuts: &cdksecureserverless.EncryptedTableOptOuts{
			PointInTimeRecovery: &cdksecureserverless.OptOut{
				Reason:     jsii.String("Idempotency keys expire within 24 hours; restoring them would replay requests"),
				Ticket:     jsii.String("SEC-17"),
				ApprovedBy: jsii.String("security-review@example.com"),
			},
		},
	})

	return s
}
