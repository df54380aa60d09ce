package awsapi_test

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ixpush/ixpush/pkg/awsapi"
	"github.com/ixpush/ixpush/pkg/awsapi/awsapitest"
)

// An SSO profile whose cached token has expired must say to log in again,
// not fail with the SDK's chain of wrapped messages.
func TestExpiredSSO(t *testing.T) {
	fake := awsapitest.Start(t, seedLike())
	fake.Setenv(t, region)
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	const startURL = "https://example.awsapps.com/start"
	config := filepath.Join(home, "config")
	t.Setenv("AWS_CONFIG_FILE", config)
	if err := os.WriteFile(config, []byte("[profile netops]\nsso_start_url = "+startURL+"\nsso_region = ap-northeast-1\nsso_account_id = 111122223333\nsso_role_name = NetworkOps\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	sum := sha1.Sum([]byte(startURL))
	cache := filepath.Join(home, ".aws", "sso", "cache")
	if err := os.MkdirAll(cache, 0o700); err != nil {
		t.Fatal(err)
	}
	token := `{"accessToken":"expired-token","expiresAt":"2020-01-01T00:00:00Z","region":"ap-northeast-1","startUrl":"` + startURL + `"}`
	if err := os.WriteFile(filepath.Join(cache, hex.EncodeToString(sum[:])+".json"), []byte(token), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	c, err := awsapi.New(ctx, awsapi.WithProfile("netops"), awsapi.WithRetries(1, time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = c.Fetch(ctx, seedLike().ID)
	if err == nil || !strings.Contains(err.Error(), "the SSO session has expired: run aws sso login") || strings.Contains(err.Error(), "expired-token") {
		t.Fatalf("err = %v", err)
	}
}
