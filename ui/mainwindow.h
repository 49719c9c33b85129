#pragma once

#include "threadspage.h"

#include <QMainWindow>

class NetworkPage;
class QLabel;
class QMenu;
class QTabWidget;
class ShortcutsDialog;

// The application window: one tab per way of running the producer-consumer problem, a menu (with
// scenario files and the examples that come with BufferLab) and a status bar that says what the
// run is doing.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);

    QTabWidget *tabs() const { return m_tabs; }
    ThreadsPage *threadsPage() const { return m_threadsPage; }
    NetworkPage *networkPage() const { return m_networkPage; }

    // File > Open scenario, Save scenario: the dialogs, then the page's loadScenario() and
    // saveScenario(); what goes wrong is said in a message box.
    void openScenario();
    void saveScenario();
    void openScenarioFile(const QString &path);
    // File > Export run: a save dialog, then the page's exportRun(); errors in a message box.
    void exportRun(ThreadsPage::Export what);
    QMenu *exportMenu() const { return m_exportMenu; }
    // Help > Keyboard shortcuts (F1); nullptr until first shown.
    ShortcutsDialog *shortcutsDialog() const { return m_shortcutsDialog; }
    void showShortcuts();

    // Below this available height (device-independent pixels) the Threads tab uses its two-row
    // layout; below this width the settings panel starts hidden.
    static constexpr int CompactBelowHeight = 760;
    static constexpr int NarrowBelowWidth = 1000;
    // View > Presentation mode (F11): full screen, settings hidden; again to leave.
    void setPresentationMode(bool on);
    bool isPresenting() const { return m_presenting; }

protected:
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    // The first window fits the screen it opens on; later ones come back as they were left
    // (geometry, splitters, the settings panel, the tab).
    void restoreLayout();
    void saveLayout() const;
    void fitToScreen();
    void createMenus();
    void createRunMenu();
    void createNetworkMenu();
    void createHelpMenu();
    // Ctrl+1, Ctrl+2: the tabs.
    void createTabActions();
    // The pages' shortcuts work while the focus is inside their page: a tab just shown gets it.
    void focusCurrentPage();
    void showAbout();
    void showCurrentStatus();

    QTabWidget *m_tabs = nullptr;
    ThreadsPage *m_threadsPage = nullptr;
    NetworkPage *m_networkPage = nullptr;
    QLabel *m_status = nullptr;
    QMenu *m_exportMenu = nullptr;
    QAction *m_settingsPanelAction = nullptr;
    QAction *m_presentationAction = nullptr;
    bool m_presenting = false;
    bool m_maximizeWhenShown = false;
    bool m_firstShow = true;
    QByteArray m_savedGeometry;
    bool m_settingsBeforePresenting = true;
    QList<QAction *> m_tabActions;
    ShortcutsDialog *m_shortcutsDialog = nullptr;
};
