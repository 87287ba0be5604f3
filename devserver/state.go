package devserver

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	enums "go.temporal.io/api/enums/v1"
	"go.temporal.io/server/common/config"
	sqliteplugin "go.temporal.io/server/common/persistence/sql/sqlplugin/sqlite"
	sqliteschema "go.temporal.io/server/schema/sqlite"
)

const (
	// databaseFileName is the SQLite database inside the state folder.
	databaseFileName = "temporal.db"
	// lockFileName is the file locked while a server uses the state folder.
	lockFileName = "devserver.lock"
)

// stateFolder is an opened state folder, locked against a second server.
type stateFolder struct {
	dir  string
	lock *os.File
}

// openStateFolder creates dir (mode 0700) when it is missing and locks it.
// Two servers on one database would keep taking the history shard from each
// other and fail in confusing ways, so the lock turns that into a clear error.
func openStateFolder(dir string) (*stateFolder, error) {
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("devserver: cannot create state folder %s: %w", dir, err)
		}
	case err != nil:
		return nil, fmt.Errorf("devserver: cannot use state folder %s: %w", dir, err)
	case !info.IsDir():
		return nil, fmt.Errorf("devserver: state folder %s is not a folder", dir)
	}

	lockPath := filepath.Join(dir, lockFileName)
	lock, err := os.OpenFile(lockPath, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("devserver: cannot use state folder %s: %w", dir, err)
	}
	if err := lockFile(lock); err != nil {
		_ = lock.Close()
		return nil, fmt.Errorf("devserver: state folder %s is in use by another "+
			"Temporal server (lock file %s): %w", dir, lockPath, err)
	}
	return &stateFolder{dir: dir, lock: lock}, nil
}

func (f *stateFolder) databasePath() string {
	return filepath.Join(f.dir, databaseFileName)
}

// close releases the lock. The SQLite connection can outlive it, because the
// server's sqlite plugin keeps every connection it opened until the process
// exits.
func (f *stateFolder) close() error {
	if err := unlockFile(f.lock); err != nil {
		_ = f.lock.Close()
		return fmt.Errorf("devserver: cannot unlock state folder %s: %w", f.dir, err)
	}
	if err := f.lock.Close(); err != nil {
		return fmt.Errorf("devserver: cannot unlock state folder %s: %w", f.dir, err)
	}
	return nil
}

// fileDatabaseConfig returns the sqlite plugin settings for the database file
// at path, and creates the Temporal schema there when the file is missing. An
// existing file is used as it is.
func fileDatabaseConfig(path string) (*config.SQL, error) {
	sqlConfig := &config.SQL{
		PluginName:        sqliteplugin.PluginName,
		DatabaseName:      path,
		ConnectAttributes: map[string]string{"mode": "rwc"},
	}
	_, err := os.Stat(path)
	if err == nil {
		return sqlConfig, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("devserver: cannot read database file %s: %w", path, err)
	}
	if err := createSchema(path); err != nil {
		return nil, err
	}
	return sqlConfig, nil
}

// createSchema writes the schema to a temporary file and renames it to path,
// so that a process killed half way leaves no half-built database behind:
// the schema setup runs about a hundred statements outside any transaction.
// The sqlite plugin keeps the setup connection open, idle, until the process
// exits.
func createSchema(path string) error {
	partialPath := path + ".partial"
	if err := os.Remove(partialPath); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("devserver: cannot remove unfinished database file %s: %w",
			partialPath, err)
	}
	partialConfig := &config.SQL{
		PluginName:        sqliteplugin.PluginName,
		DatabaseName:      partialPath,
		ConnectAttributes: map[string]string{"mode": "rwc"},
	}
	if err := sqliteschema.SetupSchema(partialConfig); err != nil {
		_ = os.Remove(partialPath)
		return fmt.Errorf("devserver: cannot create the Temporal schema in database file %s: %w",
			partialPath, err)
	}
	if err := os.Rename(partialPath, path); err != nil {
		return fmt.Errorf("devserver: cannot create database file %s: %w", path, err)
	}
	return nil
}

// memoryDatabaseConfig returns sqlite plugin settings for a new in-memory
// database. The plugin keeps one connection per database name open for the
// life of the process, and the name is random, so no later Start opens this
// database again.
func memoryDatabaseConfig() *config.SQL {
	return &config.SQL{
		PluginName:   sqliteplugin.PluginName,
		DatabaseName: "devserver-" + rand.Text(),
		ConnectAttributes: map[string]string{
			"mode":  "memory",
			"cache": "shared",
		},
	}
}

// createNamespace registers namespace in the database unless it exists. The
// search attributes apply only to a namespace created here, and
// registerSearchAttributes adds them to an existing one once the server runs.
func createNamespace(
	sqlConfig *config.SQL,
	clusterName, namespace string,
	searchAttributes map[string]enums.IndexedValueType,
) error {
	namespaceConfig, err := sqliteschema.NewNamespaceConfig(
		clusterName, namespace, false, searchAttributes)
	if err != nil {
		return fmt.Errorf("devserver: invalid search attributes for namespace %s: %w",
			namespace, err)
	}
	if err := sqliteschema.CreateNamespaces(sqlConfig, namespaceConfig); err != nil {
		return fmt.Errorf("devserver: cannot register namespace %s in database %s: %w",
			namespace, sqlConfig.DatabaseName, err)
	}
	return nil
}
