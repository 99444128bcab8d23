package org.msfhir.server;

import ca.uhn.fhir.batch2.jobs.config.BatchCommonCtx;
import ca.uhn.fhir.batch2.jobs.expunge.DeleteExpungeAppCtx;
import ca.uhn.fhir.batch2.jobs.imprt.BulkImportAppCtx;
import ca.uhn.fhir.batch2.jobs.importpull.BulkImportPullConfig;
import ca.uhn.fhir.batch2.jobs.reindex.ReindexAppCtx;
import ca.uhn.fhir.batch2.jobs.termcodesystem.TermCodeSystemJobConfig;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import ca.uhn.fhir.jpa.api.IDaoRegistry;
import ca.uhn.fhir.jpa.config.util.ResourceCountCacheUtil;
import ca.uhn.fhir.jpa.model.entity.StorageSettings.TagStorageModeEnum;
import ca.uhn.fhir.jpa.provider.DaoRegistryResourceSupportedSvc;
import ca.uhn.fhir.jpa.provider.IJpaSystemProvider;
import ca.uhn.fhir.jpa.util.ResourceCountCache;
import ca.uhn.fhir.rest.api.IResourceSupportedSvc;
import ca.uhn.fhir.jpa.provider.JpaCapabilityStatementProvider;
import ca.uhn.fhir.jpa.provider.ValueSetOperationProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;
import ca.uhn.fhir.rest.server.HardcodedServerAddressStrategy;
import ca.uhn.fhir.rest.server.IncomingRequestAddressStrategy;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.interceptor.CorsInterceptor;
import ca.uhn.fhir.rest.server.interceptor.ResponseHighlighterInterceptor;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import java.util.List;
import org.msfhir.server.input.DroppedElementsWarning;
import org.msfhir.server.input.ParserFailureInterceptor;
import org.msfhir.server.input.RequestParserErrorHandler;
import org.msfhir.server.rest.EverythingOffsetPaging;
import org.msfhir.server.rest.DatabaseUnavailableInterceptor;
import org.msfhir.server.rest.IfMatchPreconditionInterceptor;
import org.msfhir.server.rest.InlineTagsMetaGuard;
import org.msfhir.server.rest.MinimalTransactionAnswer;
import org.msfhir.server.rest.RequestChecksInterceptor;
import org.msfhir.server.web.RequestSizeLimitFilter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.util.StringUtils;
import org.springframework.web.cors.CorsConfiguration;

/**
 * The FHIR REST endpoint: HAPI's {@link RestfulServer} with the JPA resource providers, mounted at
 * {@code /fhir/*}. Feature packages (MS guide, SMART, bulk export, cohorts) add their providers and
 * interceptors through {@link FhirServerCustomizer} beans, so this class does not grow with them.
 */
@Configuration
@Import({
	JpaR4Config.class,
	ThreadPoolFactoryConfig.class,
	SubscriptionChannelConfig.class,
	JpaBatch2Config.class,
	// HAPI's batch jobs (Batch2JobsConfig) without its bulk export (BulkExportAppCtx: job, provider,
	// scheduler); the server has its own $export (org.msfhir.bulkexport).
	BatchCommonCtx.class,
	BulkImportAppCtx.class,
	ReindexAppCtx.class,
	DeleteExpungeAppCtx.class,
	TermCodeSystemJobConfig.class,
	BulkImportPullConfig.class
})
public class FhirServerConfig {

	public static final String SOFTWARE_NAME = "MS FHIR Server";

	/** 413 for request bodies above {@code hapi.fhir.max-request-size}, before HAPI reads them. */
	@Bean
	public RequestSizeLimitFilter requestSizeLimitFilter(FhirServerProperties properties) {
		return new RequestSizeLimitFilter(properties.maxRequestSize().toBytes());
	}

	@Bean
	public IResourceSupportedSvc resourceSupportedSvc(IDaoRegistry daoRegistry) {
		return new DaoRegistryResourceSupportedSvc(daoRegistry);
	}

	@Bean(name = "myResourceCountsCache")
	public ResourceCountCache resourceCountsCache(IFhirSystemDao<?, ?> systemDao) {
		return ResourceCountCacheUtil.newResourceCountCache(systemDao);
	}

	@Bean
	public DatabaseBackedPagingProvider databaseBackedPagingProvider(FhirServerProperties properties) {
		DatabaseBackedPagingProvider paging = new DatabaseBackedPagingProvider();
		paging.setDefaultPageSize(properties.defaultPageSize());
		paging.setMaximumPageSize(properties.maxPageSize());
		return paging;
	}

	@Bean
	public RestfulServer fhirRestfulServer(
			IFhirSystemDao<?, ?> systemDao,
			ResourceProviderFactory resourceProviders,
			IJpaSystemProvider systemProvider,
			ValueSetOperationProvider valueSetOperations,
			DatabaseBackedPagingProvider pagingProvider,
			JpaStorageSettings storageSettings,
			ISearchParamRegistry searchParamRegistry,
			IValidationSupport validationSupport,
			FhirServerProperties properties,
			ObjectProvider<BuildProperties> buildProperties,
			ObjectProvider<ca.uhn.fhir.batch2.jobs.bulkmodify.reindex.ReindexProvider> reindexProvider,
			List<FhirServerCustomizer> customizers) {
		// Stored and returned resources point to others by reference string, never by object, so HAPI's
		// search for id-less reference targets to contain is pointless: it walks every element of every
		// resource the server encodes (about 8 % of the CPU of Patient/$everything, docs/performance.md).
		systemDao.getContext().getParserOptions().setAutoContainReferenceTargetsWithNoId(false);
		// Request bodies: unknown elements refused (or reported) instead of silently dropped.
		systemDao.getContext().setParserErrorHandler(new RequestParserErrorHandler());
		RestfulServer server = new FhirRestfulServer(systemDao.getContext(), properties.parser().unknownElements());
		server.setServerName(SOFTWARE_NAME);
		server.setServerVersion(softwareVersion(buildProperties.getIfAvailable()));
		server.setImplementationDescription(
				"FHIR R4 server for multiple sclerosis care and research (HAPI FHIR JPA)");
		server.registerProviders(resourceProviders.createProviders());
		server.registerProvider(systemProvider);
		server.registerProvider(valueSetOperations);
		// $reindex (administrators): indexes stored data again, e.g. after a base URL became local
		reindexProvider.ifAvailable(server::registerProvider);
		server.setPagingProvider(pagingProvider);
		server.setDefaultPrettyPrint(false);
		server.setServerAddressStrategy(
				StringUtils.hasText(properties.serverAddress())
						? new HardcodedServerAddressStrategy(properties.serverAddress())
						: new IncomingRequestAddressStrategy());

		JpaCapabilityStatementProvider capabilities = new JpaCapabilityStatementProvider(
				server, systemDao, storageSettings, searchParamRegistry, validationSupport);
		capabilities.setImplementationDescription(server.getImplementationDescription());
		server.setServerConformanceProvider(capabilities);

		server.registerInterceptor(new LocalBaseUrls(storageSettings, !StringUtils.hasText(properties.serverAddress())));
		server.registerInterceptor(new ResponseHighlighterInterceptor());
		server.registerInterceptor(new RequestChecksInterceptor());
		server.registerInterceptor(new DroppedElementsWarning());
		server.registerInterceptor(new ParserFailureInterceptor());
		// A database restart or failover answers 503 + Retry-After (about the time PostgreSQL takes to restart).
		server.registerInterceptor(new DatabaseUnavailableInterceptor(5));
		server.registerInterceptor(new IfMatchPreconditionInterceptor());
		server.registerInterceptor(new EverythingOffsetPaging());
		server.registerInterceptor(new MinimalTransactionAnswer());
		if (properties.tagStorageMode() == TagStorageModeEnum.INLINE) {
			server.registerInterceptor(new InlineTagsMetaGuard());
		}
		if (properties.cors().enabled()) {
			server.registerInterceptor(corsInterceptor(properties.cors()));
		}
		customizers.forEach(customizer -> customizer.customize(server));
		return server;
	}

	@Bean
	public ServletRegistrationBean<RestfulServer> fhirServlet(RestfulServer server) {
		ServletRegistrationBean<RestfulServer> registration = new ServletRegistrationBean<>(server, "/fhir/*");
		registration.setName("fhir");
		registration.setLoadOnStartup(1);
		return registration;
	}

	static String softwareVersion(BuildProperties buildProperties) {
		if (buildProperties != null) {
			return buildProperties.getVersion();
		}
		String fromManifest = FhirServerConfig.class.getPackage().getImplementationVersion();
		return fromManifest != null ? fromManifest : "development";
	}

	static CorsInterceptor corsInterceptor(FhirServerProperties.Cors cors) {
		CorsConfiguration config = new CorsConfiguration();
		List.of(
						HttpHeaders.ORIGIN,
						HttpHeaders.ACCEPT,
						HttpHeaders.CONTENT_TYPE,
						HttpHeaders.AUTHORIZATION,
						HttpHeaders.CACHE_CONTROL,
						HttpHeaders.IF_MATCH,
						HttpHeaders.IF_NONE_MATCH,
						"If-None-Exist",
						"Prefer",
						"X-Requested-With",
						"X-Request-Id")
				.forEach(config::addAllowedHeader);
		cors.allowedOrigins().forEach(config::addAllowedOriginPattern);
		List.of(HttpHeaders.LOCATION, HttpHeaders.CONTENT_LOCATION, HttpHeaders.ETAG, "X-Request-Id", "X-Progress")
				.forEach(config::addExposedHeader);
		config.setAllowedMethods(List.of("GET", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "HEAD"));
		config.setAllowCredentials(cors.allowCredentials());
		return new CorsInterceptor(config);
	}
}
