package org.msfhir.server.web;

import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Installs {@link OperationOutcomeErrorReportValve} as Tomcat's error report valve, in place of the
 * HTML one Spring Boot adds, so that no error, not even one Tomcat raises itself, is an HTML page.
 */
@Configuration
public class ErrorPageConfig implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		factory.addContextCustomizers(context -> {
			if (context.getParent() instanceof StandardHost host) {
				for (Valve valve : host.getPipeline().getValves()) {
					if (valve.getClass() == ErrorReportValve.class) {
						host.getPipeline().removeValve(valve);
					}
				}
				host.setErrorReportValveClass(OperationOutcomeErrorReportValve.class.getName());
			}
		});
	}

	/** After Spring Boot's own customizer, which adds the HTML valve this one removes. */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}
}
