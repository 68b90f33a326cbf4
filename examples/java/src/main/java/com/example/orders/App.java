package com.example.orders;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.github.cdksecureserverless.ComplianceGate;
import io.github.cdksecureserverless.ComplianceResult;
import io.github.cdksecureserverless.DecisionOrigin;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/**
 * Synthesizes the order service through the compliance gate, prints the gate's Markdown report and exits 1 on a
 * violation, like examples/app.ts.
 *
 *   mvn compile exec:java        (or `cdk synth`, through cdk.json)
 */
public final class App {
    private App() {
    }

    /** This Maven project's directory: set by exec-maven-plugin (pom.xml), else the working directory. */
    static Path projectDirectory() {
        String dir = System.getProperty("orders.projectDir");
        return Path.of(dir != null && !dir.isEmpty() ? dir : "").toAbsolutePath();
    }

    public static void main(final String[] args) throws IOException {
        String cdkOutdir = System.getenv("CDK_OUTDIR");
        String outdir = cdkOutdir != null && !cdkOutdir.isEmpty()
                ? cdkOutdir
                : projectDirectory().resolve("cdk.out").toString();

        software.amazon.awscdk.App app = new software.amazon.awscdk.App(AppProps.builder().outdir(outdir).build());
        new OrdersServiceStack(app, "OrdersService", StackProps.builder()
                .env(Environment.builder().account("123456789012").region("eu-west-1").build())
                .build());
        ComplianceGate gate = ComplianceGate.apply(app);
        app.synth();

        // The gate printed its summary to standard error and wrote its reports into the cloud assembly; print the
        // Markdown one, the report a reviewer reads in a pull request.
        ComplianceResult result = gate.getResult();
        System.out.print(Files.readString(Path.of(gate.getReportFiles().getMarkdown())));
        boolean success = Boolean.TRUE.equals(result.getSuccess());
        Path reports = Path.of("").toAbsolutePath().relativize(Path.of(app.getOutdir()).toAbsolutePath());
        System.out.printf("%n%s: %d unaccepted finding(s); %d acknowledgment(s) written by the app, %d opt-out(s) "
                + "with their reasons, %d exception(s) the library records. "
                + "Reports: %s/compliance-report.{md,json,sarif}%n",
                success ? "PASSED" : "FAILED",
                result.getViolations().size(),
                count(result, DecisionOrigin.TEAM),
                count(result, DecisionOrigin.OPT_OUT),
                count(result, DecisionOrigin.LIBRARY),
                reports);
        System.out.flush();
        if (!success) {
            System.exit(1);
        }
    }

    /** How many of the gate's decisions came from {@code origin}. */
    private static long count(final ComplianceResult result, final DecisionOrigin origin) {
        return result.getAcknowledgments().stream().filter(a -> a.getOrigin() == origin).count();
    }
}
