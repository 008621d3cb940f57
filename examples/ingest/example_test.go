package main

import (
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"time"
)

// A device posts a measurement; the service writes it de-identified: the
// user ID and the serial number pseudonymized, the e-mail address and the
// MAC address gone, the IP address truncated, the year of birth left of
// the date, the phone number in the note tagged.
func Example() {
	cfg := &config{out: "-", domain: "ai-engine", maxBody: 1 << 20, maxRecords: 100,
		refDate: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	h, err := newHandler(cfg, os.Stdout, io.Discard, log.New(io.Discard, "", 0))
	if err != nil {
		fmt.Println(err)
		return
	}
	srv := httptest.NewServer(h)
	defer srv.Close()

	resp, err := http.Post(srv.URL+"/measurements", "application/json", strings.NewReader(`{
		"user_id": "u-100042", "email": "jane.doe@example.com", "date_of_birth": "1984-07-19",
		"ip": "203.0.113.7", "device": {"model": "BPM Connect", "serial": "SN-88120455", "mac": "00:1a:2b:3c:4d:5e"},
		"measured_at": "2025-03-05T07:12:44Z", "systolic": 121, "diastolic": 79, "heart_rate": 61,
		"note": "call me at 415-555-2671"}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	answer, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Print(resp.Status, " ", string(answer))
	// Output:
	// {"user_id":"73a93c573ac4173cb6faba72d091a93f","date_of_birth":"1984","ip":"203.0.113.0","device":{"model":"BPM Connect","serial":"3f78eca4e2122d44edef284cb4b70bcc"},"measured_at":"2025-03-05T07:12:44Z","heart_rate":61,"systolic":121,"diastolic":79,"note":"call me at [PHONE]"}
	// 200 OK {"accepted":1}
}
