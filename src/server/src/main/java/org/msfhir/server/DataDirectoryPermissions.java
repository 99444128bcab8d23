package org.msfhir.server;

import java.io.IOException;
import java.nio.file.Path;
import org.msfhir.common.PrivateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Makes the folder of the quick start's H2 database readable by the server's user only (POSIX 700),
 * creating it if needed: the database holds patient data, and files H2 creates inside follow the
 * process umask. A closed folder keeps other local users out whatever the files' own modes are.
 */
@Component
public class DataDirectoryPermissions implements InitializingBean {

	private static final Logger LOG = LoggerFactory.getLogger(DataDirectoryPermissions.class);
	private static final String H2_FILE = "jdbc:h2:file:";

	private final Environment environment;

	public DataDirectoryPermissions(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void afterPropertiesSet() {
		Path folder = h2Folder(environment.getProperty("spring.datasource.url"));
		if (folder == null) {
			return;
		}
		try {
			PrivateFiles.directory(folder);
		} catch (IOException | UnsupportedOperationException | SecurityException e) {
			LOG.warn("Could not restrict the database folder {} to the server's user: {}", folder, e.getMessage());
		}
	}

	/** The folder of an H2 file database URL, or null for other databases. */
	static Path h2Folder(String url) {
		if (url == null || !url.startsWith(H2_FILE)) {
			return null;
		}
		String file = url.substring(H2_FILE.length());
		int options = file.indexOf(';');
		Path path = Path.of(options >= 0 ? file.substring(0, options) : file).toAbsolutePath();
		return path.getParent();
	}
}
