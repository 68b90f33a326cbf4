package main

import (
	"path/filepath"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigateway"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2authorizers"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2integrations"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscognito"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdynamodb"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/aws-cdk-go/awscdk/v2/awseventstargets"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambdaeventsources"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3notifications"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsstepfunctions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsstepfunctionstasks"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdk-secure-serverless/cdk-secure-serverless-go/cdksecureserverless"
)

// handlersDir holds the functions' TypeScript entries, shared with the TypeScript example (examples/handlers);
// esbuild resolves their imports from the repository's package.json. It is relative to this module's directory,
// examples/go, which the app runs in (`go run .`, `cdk synth`, the runner): a Go binary knows no source directory.
var handlersDir = filepath.Join("..", "handlers")

// entry is the path of the handler name in handlersDir.
func entry(name string) *string {
	return jsii.String(filepath.Join(handlersDir, name))
}

// OrdersServiceStack is an order service built from the library alone: an API whose customers sign in with a
// Cognito user pool and a mobile HTTP API behind the same pool, TypeScript handlers bundled from their entries,
// tables, a fulfilment workflow each order starts, invoice uploads to a bucket that notifies a queue a function
// consumes, an order event bus whose rule notifies a topic, and a nightly report. It mirrors examples/app.ts
// construct for construct, with the same construct ids, so it synthesizes the same logical ids.
type OrdersServiceStack struct {
	awscdk.Stack
	Orders     cdksecureserverless.EncryptedTable
	Customers  cdksecureserverless.EncryptedTable
	GetOrder   cdksecureserverless.SecureFunction
	PlaceOrder cdksecureserverless.SecureFunction
	Users      cdksecureserverless.SecureUserPool
	Uploads    cdksecureserverless.SecureBucket
	Fulfilment cdksecureserverless.SecureStateMachine
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

	// Order events: a custom event bus encrypted with the stack's messaging key; a rule sends each placed order to
	// the notifications topic (with a dead-letter queue and retries, as every target of a SecureRule).
	orderEvents := cdksecureserverless.NewSecureEventBus(stack, jsii.String("OrderEvents"), nil)
	notifications := cdksecureserverless.NewSecureTopic(stack, jsii.String("OrderNotifications"), &cdksecureserverless.SecureTopicProps{
		DisplayName: jsii.String("Order notifications"),
	})
	cdksecureserverless.NewSecureRule(stack, jsii.String("OrderPlaced"), &cdksecureserverless.SecureRuleProps{
		EventBus:     orderEvents,
		EventPattern: &awsevents.EventPattern{Source: jsii.Strings("orders"), DetailType: jsii.Strings("OrderPlaced")},
		Targets:      &[]awsevents.IRuleTarget{awseventstargets.NewSnsTopic(notifications, nil)},
	})

	// Functions: TypeScript entries bundled with esbuild (one bundle each, source maps, the metafile kept), the
	// isolated network, an own least-privilege role, encrypted environment and logs, tracing, dead-letter topic,
	// reserved concurrency, alarms. Grants land in customer-managed policies, and open the network's endpoints.
	s.GetOrder = cdksecureserverless.NewSecureFunction(stack, jsii.String("GetOrder"), &cdksecureserverless.SecureFunctionProps{
		Entry:       entry("get-order.ts"),
		Environment: &map[string]*string{"ORDERS_TABLE": s.Orders.TableName()},
	})
	s.Orders.GrantReadData(s.GetOrder)

	// Fulfilment: a workflow each new order starts, which reserves the order's stock (a function) and marks the
	// order RESERVED (a DynamoDB task). Every event is logged without the orders' data, traced, and encrypted with
	// the stack's data key; its role may invoke exactly this function and update exactly this table, with its key.
	reserveStock := cdksecureserverless.NewSecureFunction(stack, jsii.String("ReserveStock"), &cdksecureserverless.SecureFunctionProps{
		Entry:       entry("reserve-stock.ts"),
		Environment: &map[string]*string{"ORDERS_TABLE": s.Orders.TableName()},
	})
	s.Orders.GrantReadData(reserveStock)
	s.Fulfilment = cdksecureserverless.NewSecureStateMachine(stack, jsii.String("Fulfilment"), &cdksecureserverless.SecureStateMachineProps{
		DefinitionBody: awsstepfunctions.DefinitionBody_FromChainable(
			awsstepfunctionstasks.NewLambdaInvoke(stack, jsii.String("Reserve"), &awsstepfunctionstasks.LambdaInvokeProps{
				LambdaFunction:      reserveStock,
				PayloadResponseOnly: jsii.Bool(true),
			}).Next(awsstepfunctionstasks.NewDynamoUpdateItem(stack, jsii.String("MarkReserved"), &awsstepfunctionstasks.DynamoUpdateItemProps{
				Table: s.Orders.Table(),
				// Sent in alphabetical order, the order examples/app.ts writes: the definition is one string.
				Key: &map[string]awsstepfunctionstasks.DynamoAttributeValue{
					"pk": awsstepfunctionstasks.DynamoAttributeValue_FromString(
						awsstepfunctions.JsonPath_Format(jsii.String("ORDER#{}"), awsstepfunctions.JsonPath_StringAt(jsii.String("$.id"))),
					),
					"sk": awsstepfunctionstasks.DynamoAttributeValue_FromString(jsii.String("ORDER")),
				},
				UpdateExpression:         jsii.String("SET #status = :reserved"),
				ExpressionAttributeNames: &map[string]*string{"#status": jsii.String("status")},
				ExpressionAttributeValues: &map[string]awsstepfunctionstasks.DynamoAttributeValue{
					":reserved": awsstepfunctionstasks.DynamoAttributeValue_FromString(jsii.String("RESERVED")),
				},
			})),
		),
	})

	s.PlaceOrder = cdksecureserverless.NewSecureFunction(stack, jsii.String("PlaceOrder"), &cdksecureserverless.SecureFunctionProps{
		Entry: entry("place-order.ts"),
		Environment: &map[string]*string{
			"CUSTOMERS_TABLE":     s.Customers.TableName(),
			"EVENT_BUS":           orderEvents.EventBusName(),
			"FULFILMENT_WORKFLOW": s.Fulfilment.StateMachineArn(),
			"ORDERS_TABLE":        s.Orders.TableName(),
		},
	})
	s.Orders.GrantWriteData(s.PlaceOrder)
	s.Customers.GrantReadData(s.PlaceOrder)
	orderEvents.GrantPutEventsTo(s.PlaceOrder, nil)
	s.Fulfilment.GrantStartExecution(s.PlaceOrder)

	// Invoice uploads: a bucket (SSE-KMS with a bucket key, TLS only, versioned, access logs to the stack's log
	// bucket) that notifies a queue, which a function consumes with partial batch responses.
	s.Uploads = cdksecureserverless.NewSecureBucket(stack, jsii.String("Uploads"), nil)
	uploadQueue := cdksecureserverless.NewSecureQueue(stack, jsii.String("UploadQueue"), nil)
	s.Uploads.AddEventNotification(awss3.EventType_OBJECT_CREATED, awss3notifications.NewSqsDestination(uploadQueue),
		&awss3.NotificationKeyFilter{Prefix: jsii.String("invoices/"), Suffix: jsii.String(".pdf")})
	processUpload := cdksecureserverless.NewSecureFunction(stack, jsii.String("ProcessUpload"), &cdksecureserverless.SecureFunctionProps{
		Entry:       entry("process-upload.ts"),
		Environment: &map[string]*string{"ORDERS_TABLE": s.Orders.TableName()},
	})
	processUpload.AddEventSource(awslambdaeventsources.NewSqsEventSource(uploadQueue, &awslambdaeventsources.SqsEventSourceProps{
		ReportBatchItemFailures: jsii.Bool(true),
	}))
	s.Uploads.GrantRead(processUpload, nil)
	s.Orders.GrantWriteData(processUpload)

	// Every night at 02:00 UTC: a report of the day's orders to the notifications topic.
	nightlyReport := cdksecureserverless.NewSecureFunction(stack, jsii.String("NightlyReport"), &cdksecureserverless.SecureFunctionProps{
		Entry: entry("nightly-report.ts"),
		Environment: &map[string]*string{
			"NOTIFICATIONS_TOPIC": notifications.TopicArn(),
			"ORDERS_TABLE":        s.Orders.TableName(),
		},
	})
	s.Orders.GrantReadData(nightlyReport)
	notifications.GrantPublish(nightlyReport)
	cdksecureserverless.NewSecureRule(stack, jsii.String("Nightly"), &cdksecureserverless.SecureRuleProps{
		Schedule: awsevents.Schedule_Cron(&awsevents.CronOptions{Hour: jsii.String("2"), Minute: jsii.String("0")}),
		Targets:  &[]awsevents.IRuleTarget{awseventstargets.NewLambdaFunction(nightlyReport, nil)},
	})

	// Customers sign in with the user pool: strong passwords, MFA, threat protection, short-lived tokens.
	s.Users = cdksecureserverless.NewSecureUserPool(stack, jsii.String("Users"), &cdksecureserverless.SecureUserPoolProps{
		SelfSignUpEnabled: jsii.Bool(true),
	})
	s.Users.AddClient(jsii.String("Web"), nil)

	// The API: every method authorized by the user pool and validated, WAF, throttling, JSON access logs,
	// tracing, alarms. Routes are added the usual aws-cdk-lib way.
	api := cdksecureserverless.NewSecureApi(stack, jsii.String("Api"), &cdksecureserverless.SecureApiProps{
		Throttling: &cdksecureserverless.ApiThrottling{RateLimit: jsii.Number(50), BurstLimit: jsii.Number(100)},
		Authorizer: awsapigateway.NewCognitoUserPoolsAuthorizer(stack, jsii.String("Authorizer"), &awsapigateway.CognitoUserPoolsAuthorizerProps{
			CognitoUserPools: &[]awscognito.IUserPool{s.Users},
		}),
	})
	// jsii-runtime-go sends structs and maps with their keys in alphabetical order (encoding/json), whatever the
	// order written; examples/app.ts writes its schema in that order, since the API deployment's logical id hashes
	// it, and so does this one.
	newOrder := api.AddModel(jsii.String("NewOrder"), &awsapigateway.ModelOptions{
		ContentType: jsii.String("application/json"),
		Schema: &awsapigateway.JsonSchema{
			AdditionalProperties: jsii.Bool(false),
			Properties: &map[string]*awsapigateway.JsonSchema{
				"items": {
					Items: &awsapigateway.JsonSchema{
						AdditionalProperties: jsii.Bool(false),
						Properties: &map[string]*awsapigateway.JsonSchema{
							"quantity": {Maximum: jsii.Number(100), Minimum: jsii.Number(1), Type: awsapigateway.JsonSchemaType_INTEGER},
							"sku":      {MaxLength: jsii.Number(32), Pattern: jsii.String("^[A-Z0-9-]+$"), Type: awsapigateway.JsonSchemaType_STRING},
						},
						Required: jsii.Strings("quantity", "sku"),
						Type:     awsapigateway.JsonSchemaType_OBJECT,
					},
					MaxItems: jsii.Number(50),
					MinItems: jsii.Number(1),
					Type:     awsapigateway.JsonSchemaType_ARRAY,
				},
			},
			Required: jsii.Strings("items"),
			Type:     awsapigateway.JsonSchemaType_OBJECT,
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

	// The mobile app's HTTP API (cheaper than REST, and without WAF or request validation, so the handler checks its
	// input): every route authorized by a JWT authorizer on the same user pool, JSON access logs, throttling,
	// alarms, and one invoke permission for the function.
	orderStatus := cdksecureserverless.NewSecureFunction(stack, jsii.String("OrderStatus"), &cdksecureserverless.SecureFunctionProps{
		Entry:       entry("order-status.ts"),
		Environment: &map[string]*string{"ORDERS_TABLE": s.Orders.TableName()},
	})
	s.Orders.GrantReadData(orderStatus)
	mobileApi := cdksecureserverless.NewSecureHttpApi(stack, jsii.String("MobileApi"), &cdksecureserverless.SecureHttpApiProps{
		DefaultAuthorizer: awsapigatewayv2authorizers.NewHttpUserPoolAuthorizer(jsii.String("MobileUsers"), s.Users,
			&awsapigatewayv2authorizers.HttpUserPoolAuthorizerProps{
				UserPoolClients: &[]awscognito.IUserPoolClient{s.Users.AddClient(jsii.String("Mobile"), nil)},
			}),
		Throttling: &cdksecureserverless.ApiThrottling{RateLimit: jsii.Number(20), BurstLimit: jsii.Number(40)},
	})
	mobileApi.AddRoutes(&awsapigatewayv2.AddRoutesOptions{
		Path:        jsii.String("/orders/{id}/status"),
		Methods:     &[]awsapigatewayv2.HttpMethod{awsapigatewayv2.HttpMethod_GET},
		Integration: awsapigatewayv2integrations.NewHttpLambdaIntegration(jsii.String("OrderStatus"), orderStatus, nil),
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
