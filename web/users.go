package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/patchbay/patchbay/store"
	"github.com/patchbay/patchbay/web/view"
)

// userList shows every account.
func (s *Server) userList(c echo.Context) error {
	return s.renderUsers(c, http.StatusOK, view.UsersData{})
}

func (s *Server) renderUsers(c echo.Context, status int, d view.UsersData) error {
	users, err := s.store.Users(c.Request().Context())
	if err != nil {
		return err
	}
	me, _ := currentUser(c)
	d.Users, d.Me = users, me.ID
	return s.render(c, status, view.Users(s.chrome(c, "Users"), d))
}

// userCreate adds an account; problems go back into the form.
func (s *Server) userCreate(c echo.Context) error {
	f := view.NewUserForm{Username: strings.TrimSpace(c.FormValue("username")), Email: strings.TrimSpace(c.FormValue("email")), Role: c.FormValue("role")}
	password := c.FormValue("password")
	var msg string
	switch {
	case f.Username == "":
		msg = "Enter a username."
	case !store.Role(f.Role).Valid():
		msg = "Choose a role: admin, editor or viewer."
	}
	if msg == "" {
		_, err := s.store.CreateUser(c.Request().Context(), f.Username, f.Email, password, store.Role(f.Role))
		var weak *store.PasswordError
		switch {
		case errors.Is(err, store.ErrConflict):
			msg = "There is already a user called " + f.Username + "."
		case errors.As(err, &weak):
			msg = weak.Reason
		case err != nil:
			return fmt.Errorf("creating user: %w", err)
		}
	}
	if msg != "" {
		return s.renderUsers(c, http.StatusUnprocessableEntity, view.UsersData{Error: msg, Form: f})
	}
	s.audit(c, "user.create", "user:"+f.Username, "role "+f.Role)
	s.flash(c, "user-added")
	return c.Redirect(http.StatusSeeOther, "/users")
}

// userRole changes someone else's role.
func (s *Server) userRole(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	role := store.Role(c.FormValue("role"))
	if !role.Valid() {
		return badRequest("Choose a role: admin, editor or viewer.")
	}
	if me, _ := currentUser(c); me.ID == id {
		return badRequest("You cannot change your own role; ask another administrator.")
	}
	if err := s.store.SetRole(c.Request().Context(), id, role); err != nil {
		return err
	}
	s.audit(c, "user.role", fmt.Sprintf("user:%d", id), string(role))
	s.flash(c, "role-changed")
	return c.Redirect(http.StatusSeeOther, "/users")
}
