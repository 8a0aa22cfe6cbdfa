// Group-admin creates a WhatsApp group and runs it with wawp-go: adds and
// promotes members, sets the subject and picture, and files the group chat
// under a WhatsApp Business label.
//
// Without credentials it runs against an in-process fake Wawp server
// (package wawptest) whose session is logged in already:
//
//	go run ./examples/group-admin
//
// With WAWP_INSTANCE_ID and WAWP_ACCESS_TOKEN set it uses that instance,
// whose session must be logged in, and WAWP_MEMBERS: three or more phone
// numbers separated by commas, such as "447441429009,4915112345678,...".
// The first two found the group, the third is added, and the second is made
// an admin. Labels need a WhatsApp Business account.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/wawp-go/wawp"
	"github.com/wawp-go/wawp/wawptest"
)

// pictureURL is the group picture; the Wawp server downloads it.
const pictureURL = "https://upload.wikimedia.org/wikipedia/commons/thumb/6/6b/WhatsApp.svg/512px-WhatsApp.svg.png"

// demoMembers are the people the group is made with on the fake server.
const demoMembers = "447441429009,4915112345678,5511987654321"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Stdout, os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "group-admin:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, out io.Writer, env func(string) string) error {
	client, srv, err := connect(out, env)
	if err != nil {
		return err
	}
	members := env("WAWP_MEMBERS")
	if srv != nil {
		defer srv.Close()
		members = demoMembers
	}
	var ids []wawp.ChatID
	for _, phone := range strings.Split(members, ",") {
		id, err := wawp.UserChatID(phone)
		if err != nil {
			return fmt.Errorf("WAWP_MEMBERS: %w", err)
		}
		ids = append(ids, id)
	}
	if len(ids) < 3 {
		return errors.New("WAWP_MEMBERS needs three phone numbers separated by commas")
	}
	return administer(ctx, out, client, ids[0], ids[1], ids[2])
}

// administer makes a group with founder and deputy, adds newcomer, makes
// deputy an admin, then names, pictures and labels the group.
func administer(ctx context.Context, out io.Writer, client *wawp.Client, founder, deputy, newcomer wawp.ChatID) error {
	group, err := client.Groups.Create(ctx, wawp.GroupCreateParams{Subject: "Book club", Participants: []wawp.ChatID{founder, deputy}})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "created group %q (%s) with %d participants\n", group.Subject, group.ID, len(group.Participants))

	if err := client.Groups.AddParticipants(ctx, group.ID, wawp.GroupParticipantsParams{Participants: []wawp.ChatID{newcomer}}); err != nil {
		return err
	}
	fmt.Fprintln(out, "added", newcomer)

	if err := client.Groups.PromoteParticipants(ctx, group.ID, wawp.GroupParticipantsParams{Participants: []wawp.ChatID{deputy}}); err != nil {
		return err
	}
	fmt.Fprintln(out, "promoted", deputy, "to admin")

	if err := client.Groups.SetSubject(ctx, group.ID, wawp.GroupSetSubjectParams{Subject: "Book club: June"}); err != nil {
		return err
	}
	fmt.Fprintln(out, `renamed the group "Book club: June"`)

	if err := client.Groups.SetPicture(ctx, group.ID, wawp.File{URL: pictureURL}); err != nil {
		return err
	}
	fmt.Fprintln(out, "set the group picture")

	green := 15 // a palette index: wawp.LabelColors()[15] is "#83e422"
	label, err := client.Labels.Create(ctx, wawp.LabelCreateParams{Name: "Book clubs", Color: &green})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "created label %q (colour %s)\n", label.Name, label.ColorHex)

	if err := client.Labels.SetChatLabels(ctx, group.ID, wawp.LabelSetChatLabelsParams{LabelIDs: []string{label.ID}}); err != nil {
		return err
	}
	fmt.Fprintf(out, "labelled the group chat %q\n", label.Name)

	return report(ctx, out, client, group.ID)
}

// report prints the group as the server now describes it.
func report(ctx context.Context, out io.Writer, client *wawp.Client, id wawp.ChatID) error {
	group, err := client.Groups.Get(ctx, id)
	if err != nil {
		return err
	}
	labels, err := client.Labels.ChatLabels(ctx, id)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "group %q now has:\n", group.Subject)
	for _, p := range group.Participants {
		fmt.Fprintf(out, "  %s (%s)\n", p.ID, p.Role)
	}
	for _, l := range labels {
		fmt.Fprintf(out, "  label %q\n", l.Name)
	}
	return nil
}

// connect returns a client for the instance named by WAWP_INSTANCE_ID and
// WAWP_ACCESS_TOKEN or, when they are not set, for a logged-in fake server
// it starts; srv is nil with a real instance.
func connect(out io.Writer, env func(string) string) (client *wawp.Client, srv *wawptest.Server, err error) {
	if env(wawp.EnvInstanceID) != "" && env(wawp.EnvAccessToken) != "" {
		client, err = wawp.NewClientFromEnv()
		if err != nil {
			return nil, nil, err
		}
		fmt.Fprintln(out, "using Wawp instance", client.InstanceID())
		return client, nil, nil
	}
	srv = wawptest.NewServer(wawptest.WithAutoLogin())
	fmt.Fprintln(out, "using a fake Wawp server (set WAWP_INSTANCE_ID and WAWP_ACCESS_TOKEN to use your instance)")
	return srv.Client(), srv, nil
}
