package main

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"strings"
)

// printQR draws a QR code image with half blocks, two rows of modules per
// line, as examples/quickstart does. Light modules are drawn and dark ones
// left blank, so the code shows the right way round on the usual
// light-on-dark terminal.
func printQR(out io.Writer, data []byte) error {
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		return err
	}
	b := img.Bounds()
	dark := func(x, y int) bool {
		if !(image.Point{x, y}).In(b) {
			return false
		}
		r, g, bl, a := img.At(x, y).RGBA()
		return a >= 0x8000 && r+g+bl < 3*0x8000 // transparent counts as light
	}
	// The top-left finder pattern starts with a run of 7 dark modules.
	corner := 0
	for corner < min(b.Dx(), b.Dy()) && !dark(b.Min.X+corner, b.Min.Y+corner) {
		corner++
	}
	run := 0
	for dark(b.Min.X+corner+run, b.Min.Y+corner) {
		run++
	}
	module := run / 7
	if module == 0 {
		return errors.New("no QR code found in the image")
	}
	start := corner%module + module/2 // centre of the first module
	halves := map[[2]bool]string{{true, true}: "█", {true, false}: "▀", {false, true}: "▄", {false, false}: " "}
	for y := b.Min.Y + start; y < b.Max.Y; y += 2 * module {
		var line strings.Builder
		for x := b.Min.X + start; x < b.Max.X; x += module {
			line.WriteString(halves[[2]bool{!dark(x, y), !dark(x, y+module)}])
		}
		fmt.Fprintln(out, line.String())
	}
	return nil
}
