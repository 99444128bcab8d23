-- Clients and users registered through the admin API (RegistrationStore). IF NOT EXISTS: databases of
-- releases before managed schemas already have these tables.
CREATE TABLE IF NOT EXISTS msfhir_smart_client (id VARCHAR(200) PRIMARY KEY, registration VARCHAR(100000) NOT NULL);
CREATE TABLE IF NOT EXISTS msfhir_smart_user (id VARCHAR(200) PRIMARY KEY, registration VARCHAR(100000) NOT NULL);
