// Decodes rendered settings the way their Go consumers do, with the standard library only.
// Reads a JSON list of {"kind", "value"} on stdin and prints, for each, {"ok", "error", "decoded"}.
// Used by test/contract/go-decode.integ.test.ts; every kind names the upstream reader it stands for.
package main

import (
	"bytes"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"time"
)

type input struct {
	Kind  string `json:"kind"`
	Value string `json:"value"`
}

type output struct {
	OK      bool        `json:"ok"`
	Error   string      `json:"error,omitempty"`
	Decoded interface{} `json:"decoded,omitempty"`
}

// The option structs of notifications-engine pkg/services (commit 0cff13b8a717, pinned by argo-cd v3.5.1):
// the field names, JSON tags and Go types of the fields the library writes. services.go decodes each
// service's YAML with sigs.k8s.io/yaml, i.e. YAML to JSON, then encoding/json into these types.
type header struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type basicAuth struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

// webhook.go WebhookOptions
type webhookOptions struct {
	URL                string        `json:"url"`
	Headers            []header      `json:"headers"`
	BasicAuth          *basicAuth    `json:"basicAuth"`
	RetryWaitMin       time.Duration `json:"retryWaitMin"`
	RetryWaitMax       time.Duration `json:"retryWaitMax"`
	RetryMax           int           `json:"retryMax"`
	InsecureSkipVerify bool          `json:"insecureSkipVerify"`
}

// slack.go SlackOptions
type slackOptions struct {
	Username           string   `json:"username"`
	Icon               string   `json:"icon"`
	Token              string   `json:"token"`
	SigningSecret      string   `json:"signingSecret"`
	Channels           []string `json:"channels"`
	ApiURL             string   `json:"apiURL"`
	DisableUnfurl      bool     `json:"disableUnfurl"`
	InsecureSkipVerify bool     `json:"insecureSkipVerify"`
}

// email.go EmailOptions
type emailOptions struct {
	Host               string `json:"host"`
	Port               int    `json:"port"`
	InsecureSkipVerify bool   `json:"insecure_skip_verify"`
	Username           string `json:"username"`
	Password           string `json:"password"`
	From               string `json:"from"`
	Html               bool   `json:"html"`
}

// teams.go TeamsOptions and teams-workflows.go TeamsWorkflowsOptions
type teamsOptions struct {
	RecipientUrls      map[string]string `json:"recipientUrls"`
	InsecureSkipVerify bool              `json:"insecureSkipVerify"`
}

// argo-cd v3.5.1 pkg/apis/application/v1alpha1/types.go ClusterConfig, TLSClientConfig, ExecProviderConfig:
// the `config` JSON of a cluster Secret (util/db/cluster.go json.Unmarshal).
type tlsClientConfig struct {
	Insecure   bool   `json:"insecure"`
	ServerName string `json:"serverName,omitempty"`
	CertData   []byte `json:"certData,omitempty"`
	KeyData    []byte `json:"keyData,omitempty"`
	CAData     []byte `json:"caData,omitempty"`
}

type execProviderConfig struct {
	Command     string            `json:"command,omitempty"`
	Args        []string          `json:"args,omitempty"`
	Env         map[string]string `json:"env,omitempty"`
	APIVersion  string            `json:"apiVersion,omitempty"`
	InstallHint string            `json:"installHint,omitempty"`
}

type clusterConfig struct {
	Username           string              `json:"username,omitempty"`
	Password           string              `json:"password,omitempty"`
	BearerToken        string              `json:"bearerToken,omitempty"`
	TLSClientConfig    tlsClientConfig     `json:"tlsClientConfig"`
	ExecProviderConfig *execProviderConfig `json:"execProviderConfig,omitempty"`
	DisableCompression bool                `json:"disableCompression,omitempty"`
	ProxyUrl           string              `json:"proxyUrl,omitempty"`
}

// argo-cd v3.5.1 util/settings/settings.go FilteredResource: argocd-cm resource.exclusions (yaml.Unmarshal).
type filteredResource struct {
	APIGroups []string `json:"apiGroups,omitempty"`
	Kinds     []string `json:"kinds,omitempty"`
	Clusters  []string `json:"clusters,omitempty"`
}

// strict decodes like encoding/json, and also refuses fields the consumer does not know (a typo would be silently dropped).
func strict(value string, target interface{}) error {
	decoder := json.NewDecoder(bytes.NewReader([]byte(value)))
	decoder.DisallowUnknownFields()
	if err := decoder.Decode(target); err != nil {
		return err
	}
	if decoder.More() {
		return fmt.Errorf("trailing data")
	}
	return nil
}

func decode(in input) output {
	switch in.Kind {
	case "bool": // strconv.ParseBool: util/env ParseBoolFromEnv, util/db boolOrFalse, util/settings accounts
		v, err := strconv.ParseBool(in.Value)
		if err != nil {
			return output{Error: err.Error()}
		}
		return output{OK: true, Decoded: v}
	case "true-or-false": // read as `== "true"` (util/settings/settings.go): anything but "true" is false, so only "true"/"false" are meaningful
		if in.Value != "true" && in.Value != "false" {
			return output{Error: fmt.Sprintf("%q is neither \"true\" nor \"false\"", in.Value)}
		}
		return output{OK: true, Decoded: in.Value == "true"}
	case "int": // util/env ParseNumFromEnv / ParseInt64FromEnv: strconv.ParseInt
		v, err := strconv.ParseInt(in.Value, 10, 64)
		if err != nil {
			return output{Error: err.Error()}
		}
		return output{OK: true, Decoded: v}
	case "duration": // util/env ParseDurationFromEnv: time.ParseDuration
		v, err := time.ParseDuration(in.Value)
		if err != nil {
			return output{Error: err.Error()}
		}
		return output{OK: true, Decoded: int64(v)}
	case "webhook":
		var o webhookOptions
		if err := strict(in.Value, &o); err != nil {
			return output{Error: err.Error()}
		}
		return output{OK: true, Decoded: map[string]interface{}{"retryWaitMin": int64(o.RetryWaitMin), "retryWaitMax": int64(o.RetryWaitMax), "retryMax": o.RetryMax, "url": o.URL, "headers": len(o.Headers)}}
	case "slack":
		var o slackOptions
		if err := strict(in.Value, &o); err != nil {
			return output{Error: err.Error()}
		}
		return output{OK: true, Decoded: map[string]interface{}{"token": o.Token, "disableUnfurl": o.DisableUnfurl, "channels": o.Channels}}
	case "email":
		var o emailOptions
		if err := strict(in.Value, &o); err != nil {
			return output{Error: err.Error()}
		}
		return output{OK: true, Decoded: map[string]interface{}{"host": o.Host, "port": o.Port, "html": o.Html}}
	case "teams":
		var o teamsOptions
		if err := strict(in.Value, &o); err != nil {
			return output{Error: err.Error()}
		}
		return output{OK: true, Decoded: map[string]interface{}{"recipients": len(o.RecipientUrls)}}
	case "cluster":
		var o clusterConfig
		if err := strict(in.Value, &o); err != nil {
			return output{Error: err.Error()}
		}
		// client-go builds its root pool from CAData; an unparsable bundle fails every request.
		trusted := len(o.TLSClientConfig.CAData) > 0 && x509.NewCertPool().AppendCertsFromPEM(o.TLSClientConfig.CAData)
		return output{OK: true, Decoded: map[string]interface{}{"insecure": o.TLSClientConfig.Insecure, "caTrusted": trusted, "exec": o.ExecProviderConfig != nil, "bearer": o.BearerToken != ""}}
	case "exclusions":
		var o []filteredResource
		if err := strict(in.Value, &o); err != nil {
			return output{Error: err.Error()}
		}
		return output{OK: true, Decoded: len(o)}
	}
	return output{Error: "unknown kind " + in.Kind}
}

func main() {
	var inputs []input
	if err := json.NewDecoder(os.Stdin).Decode(&inputs); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	outputs := make([]output, len(inputs))
	for i, in := range inputs {
		outputs[i] = decode(in)
	}
	if err := json.NewEncoder(os.Stdout).Encode(outputs); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
}
