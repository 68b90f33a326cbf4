// Command orders-service is the order service of examples/app.ts in Go, built from the library alone: an API whose
// customers sign in with a Cognito user pool and a mobile HTTP API behind the same pool, TypeScript handlers bundled
// from their entries, tables, a fulfilment workflow each order starts, invoice uploads to a bucket that notifies a
// queue a function consumes, an order event bus whose rule notifies a topic, and a nightly report, synthesized
// through the compliance gate.
//
//	go run .        # in examples/go: synth, print the gate's Markdown report, exit 1 on a violation
//
// The cloud assembly goes to $CDK_OUTDIR, or cdk.out in the working directory.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdk-secure-serverless/cdk-secure-serverless-go/cdksecureserverless"
)

func main() {
	os.Exit(run())
}

// run synthesizes the app through the gate, prints the Markdown report and returns the exit code.
func run() int {
	// Stop the jsii kernel (node) before the process exits: os.Exit skips deferred calls, so run returns first.
	defer jsii.Close()

	outdir, ok := os.LookupEnv("CDK_OUTDIR")
	if !ok || outdir == "" {
		outdir = "cdk.out"
	}
	if _, err := os.Stat(handlersDir); err != nil {
		fmt.Fprintf(os.Stderr, "orders-service: no handlers at %s: run it in examples/go (%v)\n", handlersDir, err)
		return 2
	}

	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(outdir)})
	NewOrdersServiceStack(app, "OrdersService", &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String("123456789012"), Region: jsii.String("eu-west-1")},
	})
	gate := cdksecureserverless.ComplianceGate_Apply(app, nil)
	app.Synth(nil)

	// The gate printed its summary to standard error and wrote its reports into the cloud assembly; print the
	// Markdown one, the report a reviewer reads in a pull request.
	result := gate.Result()
	files := gate.ReportFiles()
	if result == nil || files == nil {
		fmt.Fprintln(os.Stderr, "orders-service: the compliance gate did not run during synth")
		return 1
	}
	markdown, err := os.ReadFile(*files.Markdown)
	if err != nil {
		fmt.Fprintf(os.Stderr, "orders-service: %v\n", err)
		return 1
	}
	os.Stdout.Write(markdown)

	verdict := "FAILED"
	if *result.Success {
		verdict = "PASSED"
	}
	reports := *app.Outdir()
	if rel, err := filepath.Rel(mustGetwd(), reports); err == nil {
		reports = rel
	}
	count := func(origin cdksecureserverless.DecisionOrigin) int {
		n := 0
		for _, a := range *result.Acknowledgments {
			if a.Origin == origin {
				n++
			}
		}
		return n
	}
	fmt.Printf("\n%s: %d unaccepted finding(s); %d acknowledgment(s) written by the app, %d opt-out(s) with their "+
		"reasons, %d exception(s) the library records. Reports: %s/compliance-report.{md,json,sarif}\n",
		verdict, len(*result.Violations), count(cdksecureserverless.DecisionOrigin_TEAM),
		count(cdksecureserverless.DecisionOrigin_OPT_OUT), count(cdksecureserverless.DecisionOrigin_LIBRARY), reports)
	if !*result.Success {
		return 1
	}
	return 0
}

func mustGetwd() string {
	wd, err := os.Getwd()
	if err != nil {
		return "."
	}
	return wd
}
